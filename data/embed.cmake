# Embeds the code tables of data/ into the binary (see data/embed.S).
# Usage from the top CMakeLists.txt:
#   include(data/embed.cmake)
#   add_library(soaplint_core ... ${SOAPLINT_DATA_SOURCES})   # or add_executable
# ASM uses the C compiler driver (gcc), which runs the preprocessor on .S files.
enable_language(ASM)

set(SOAPLINT_DATA_DIR "${CMAKE_CURRENT_LIST_DIR}")
cmake_path(GET SOAPLINT_DATA_DIR PARENT_PATH SOAPLINT_ROOT_DIR)

# The ICD-10-CM and NCCI tables are not embedded as text to be parsed at start-up: the host tool
# soaplint_tablegen (data/tools/tablegen.cpp) turns them into sorted binary rows in the build
# directory, with the parser soaplint itself uses for `--ncci FILE` (src/codetable_rows.cpp,
# compiled once for both).
add_library(soaplint_codetable_rows OBJECT "${SOAPLINT_ROOT_DIR}/src/codetable_rows.cpp")
target_include_directories(soaplint_codetable_rows PUBLIC "${SOAPLINT_ROOT_DIR}/src")
target_compile_options(soaplint_codetable_rows PRIVATE ${SOAPLINT_WARNINGS})
add_executable(soaplint_tablegen "${SOAPLINT_DATA_DIR}/tools/tablegen.cpp")
target_link_libraries(soaplint_tablegen PRIVATE soaplint_codetable_rows)
target_compile_options(soaplint_tablegen PRIVATE ${SOAPLINT_WARNINGS})

set(SOAPLINT_TABLE_DIR "${CMAKE_CURRENT_BINARY_DIR}/soaplint_tables")
file(MAKE_DIRECTORY "${SOAPLINT_TABLE_DIR}")
set(SOAPLINT_TABLE_FILES)
foreach(table IN ITEMS "icd10cm:icd10cm/icd10cm.tsv" "ncci:ncci/ncci_ptp_physmed.csv")
  string(REPLACE ":" ";" table "${table}")
  list(GET table 0 kind)
  list(GET table 1 input)
  add_custom_command(
    OUTPUT "${SOAPLINT_TABLE_DIR}/${kind}_rows.bin"
    COMMAND soaplint_tablegen ${kind} "${SOAPLINT_DATA_DIR}/${input}" "${SOAPLINT_TABLE_DIR}/${kind}_rows.bin"
    DEPENDS soaplint_tablegen "${SOAPLINT_DATA_DIR}/${input}"
    COMMENT "Generating the ${kind} table rows"
    VERBATIM)
  list(APPEND SOAPLINT_TABLE_FILES "${SOAPLINT_TABLE_DIR}/${kind}_rows.bin")
endforeach()

# Embedded as they are: the ICD-10-CM text (descriptions are decoded from it), CPT, profiles.
set(SOAPLINT_DATA_FILES
    "${SOAPLINT_DATA_DIR}/icd10cm/icd10cm.tsv"
    "${SOAPLINT_DATA_DIR}/cpt/physmed.tsv"
    "${SOAPLINT_DATA_DIR}/profiles/medicare.ini"
    "${SOAPLINT_DATA_DIR}/profiles/commercial.ini"
    "${SOAPLINT_DATA_DIR}/profiles/ibx.ini"
    "${SOAPLINT_DATA_DIR}/profiles/hcsc.ini"
    "${SOAPLINT_DATA_DIR}/profiles/workers-comp.ini"
    "${SOAPLINT_DATA_DIR}/profiles/auto-pip.ini"
    "${SOAPLINT_DATA_DIR}/profiles/auto-pip-florida.ini")

# .incbin paths are resolved against the assembler's -I (data/ and the generated rows);
# OBJECT_DEPENDS re-assembles embed.S when a table changes (the compiler's dependency scan does
# not see .incbin). The row files are also sources of the target, which makes it run the
# generator first.
set_source_files_properties("${SOAPLINT_DATA_DIR}/embed.S" PROPERTIES
    LANGUAGE ASM
    COMPILE_OPTIONS "-Wa,-I${SOAPLINT_DATA_DIR};-Wa,-I${SOAPLINT_TABLE_DIR}"
    OBJECT_DEPENDS "${SOAPLINT_DATA_FILES};${SOAPLINT_TABLE_FILES}")

list(APPEND SOAPLINT_DATA_SOURCES "${SOAPLINT_DATA_DIR}/embed.S" ${SOAPLINT_TABLE_FILES}
     $<TARGET_OBJECTS:soaplint_codetable_rows>)
