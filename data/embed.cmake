# Embeds the code tables of data/ into the binary (see data/embed.S).
# Usage from the top CMakeLists.txt:
#   include(data/embed.cmake)
#   add_library(soaplint_core ... ${SOAPLINT_DATA_SOURCES})   # or add_executable
# ASM uses the C compiler driver (gcc), which runs the preprocessor on .S files.
enable_language(ASM)

set(SOAPLINT_DATA_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(SOAPLINT_DATA_FILES
    "${SOAPLINT_DATA_DIR}/icd10cm/icd10cm.tsv"
    "${SOAPLINT_DATA_DIR}/ncci/ncci_ptp_physmed.csv"
    "${SOAPLINT_DATA_DIR}/cpt/physmed.tsv"
    "${SOAPLINT_DATA_DIR}/profiles/medicare.ini"
    "${SOAPLINT_DATA_DIR}/profiles/commercial.ini"
    "${SOAPLINT_DATA_DIR}/profiles/ibx.ini"
    "${SOAPLINT_DATA_DIR}/profiles/hcsc.ini"
    "${SOAPLINT_DATA_DIR}/profiles/workers-comp.ini"
    "${SOAPLINT_DATA_DIR}/profiles/auto-pip.ini"
    "${SOAPLINT_DATA_DIR}/profiles/auto-pip-florida.ini")

# .incbin paths are resolved against the assembler's -I; OBJECT_DEPENDS re-assembles embed.S
# when a table changes (the compiler's dependency scan does not see .incbin).
set_source_files_properties("${SOAPLINT_DATA_DIR}/embed.S" PROPERTIES
    LANGUAGE ASM
    COMPILE_OPTIONS "-Wa,-I${SOAPLINT_DATA_DIR}"
    OBJECT_DEPENDS "${SOAPLINT_DATA_FILES}")

list(APPEND SOAPLINT_DATA_SOURCES "${SOAPLINT_DATA_DIR}/embed.S")
