# Runs ucom-idl on one IDL file as a user would and compares every output with the expected
# file beside the case. Run with UCOM_UPDATE_GOLDEN=1 in the environment to rewrite the
# expected files instead (then review them as a diff).
# -D COMPILER=… -D INPUT=… -D EXPECTED_DIR=… -D WORK_DIR=…
foreach(run IN ITEMS first second)
  file(REMOVE_RECURSE "${WORK_DIR}/${run}")
  execute_process(
    COMMAND "${COMPILER}" --emit header --emit impl --emit client --emit json --emit descriptor --emit uses --emit rust --emit rust-descriptor --emit rust-uses -o "${WORK_DIR}/${run}" "${INPUT}"
    RESULT_VARIABLE exit_code ERROR_VARIABLE errors)
  if(NOT exit_code EQUAL 0)
    message(FATAL_ERROR "ucom-idl ${INPUT} exited with ${exit_code}:\n${errors}")
  endif()
endforeach()

file(GLOB outputs RELATIVE "${WORK_DIR}/first" "${WORK_DIR}/first/*")
list(SORT outputs)
set(failed "")
foreach(output IN LISTS outputs)
  # Identical input gives byte-identical output.
  file(SHA256 "${WORK_DIR}/first/${output}" first_hash)
  file(SHA256 "${WORK_DIR}/second/${output}" second_hash)
  if(NOT first_hash STREQUAL second_hash)
    string(APPEND failed "${output}: two runs gave different output\n")
  endif()
  set(expected "${EXPECTED_DIR}/${output}")
  if("$ENV{UCOM_UPDATE_GOLDEN}")
    file(COPY_FILE "${WORK_DIR}/first/${output}" "${expected}")
    continue()
  endif()
  if(NOT EXISTS "${expected}")
    string(APPEND failed "${output}: no expected file ${expected} (UCOM_UPDATE_GOLDEN=1 writes it)\n")
    continue()
  endif()
  file(SHA256 "${expected}" expected_hash)
  if(NOT first_hash STREQUAL expected_hash)
    execute_process(COMMAND diff -u "${expected}" "${WORK_DIR}/first/${output}" OUTPUT_VARIABLE difference)
    string(APPEND failed "${output} differs from ${expected}:\n${difference}\n")
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "${failed}")
endif()
