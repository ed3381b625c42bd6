# A file the repository keeps as ucom-idl writes it (bindings/rust/ucom/src/ucomctx.rs):
# compiles INPUT with --emit EMIT and compares OUTPUT_NAME with EXPECTED; with
# UCOM_UPDATE_GOLDEN=1 in the environment, rewrites EXPECTED instead.
# -D COMPILER=… -D INPUT=… -D EMIT=… -D OUTPUT_NAME=… -D EXPECTED=… -D WORK_DIR=…
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${COMPILER}" --emit ${EMIT} -o "${WORK_DIR}" "${INPUT}" RESULT_VARIABLE exit_code
                ERROR_VARIABLE errors)
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "ucom-idl ${INPUT} exited with ${exit_code}:\n${errors}")
endif()
if("$ENV{UCOM_UPDATE_GOLDEN}")
  file(COPY_FILE "${WORK_DIR}/${OUTPUT_NAME}" "${EXPECTED}")
  return()
endif()
execute_process(COMMAND diff -u "${EXPECTED}" "${WORK_DIR}/${OUTPUT_NAME}" RESULT_VARIABLE differs OUTPUT_VARIABLE difference)
if(differs)
  message(FATAL_ERROR "${EXPECTED} is not what ucom-idl writes from ${INPUT} today (UCOM_UPDATE_GOLDEN=1 rewrites it):\n${difference}")
endif()
