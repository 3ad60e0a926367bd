/* The code tables soaplint ships, embedded into .rodata so that the binary works wherever it is
   copied (no data files are read at run time).  Assemble with the data/ folder and the folder of
   the generated row files on the assembler's include path (-Wa,-I<repo>/data
   -Wa,-I<build>/soaplint_tables); data/embed.cmake does this.
   Each table gets <name>_begin / <name>_end symbols, declared in src/codetables.cpp; every
   table starts 16-byte aligned (the row files need 8). */

#define SOAPLINT_EMBED(name, file)      \
    .global name##_begin;               \
    .global name##_end;                 \
    .hidden name##_begin;               \
    .hidden name##_end;                 \
    .type name##_begin, @object;        \
    .type name##_end, @object;          \
    .balign 16;                         \
name##_begin:                           \
    .incbin file;                       \
name##_end:                             \
    .byte 0

    .section .rodata.soaplint_tables, "a", @progbits
SOAPLINT_EMBED(soaplint_icd10cm, "icd10cm/icd10cm.tsv")
/* Sorted binary rows written at build time by soaplint_tablegen (src/codetable_rows.hpp). */
SOAPLINT_EMBED(soaplint_icd10cm_rows, "icd10cm_rows.bin")
SOAPLINT_EMBED(soaplint_ncci_rows, "ncci_rows.bin")
SOAPLINT_EMBED(soaplint_cpt_physmed, "cpt/physmed.tsv")

/* Built-in payer profiles (SPEC section 4), declared in src/profile.cpp. */
SOAPLINT_EMBED(soaplint_profile_medicare, "profiles/medicare.ini")
SOAPLINT_EMBED(soaplint_profile_commercial, "profiles/commercial.ini")
SOAPLINT_EMBED(soaplint_profile_ibx, "profiles/ibx.ini")
SOAPLINT_EMBED(soaplint_profile_hcsc, "profiles/hcsc.ini")
SOAPLINT_EMBED(soaplint_profile_workers_comp, "profiles/workers-comp.ini")
SOAPLINT_EMBED(soaplint_profile_auto_pip, "profiles/auto-pip.ini")
SOAPLINT_EMBED(soaplint_profile_auto_pip_florida, "profiles/auto-pip-florida.ini")

/* No executable stack. */
    .section .note.GNU-stack, "", @progbits
