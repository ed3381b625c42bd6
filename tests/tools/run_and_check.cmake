# Runs COMMAND (a ;-list) and checks its exit code and its combined stdout+stderr against
# EXPECTED_EXIT and the regular expression EXPECTED_OUTPUT.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE exit_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(output "${out}${err}")
if(NOT exit_code STREQUAL EXPECTED_EXIT)
  message(FATAL_ERROR "expected exit code ${EXPECTED_EXIT}, got ${exit_code}\n--- output ---\n${output}")
endif()
if(NOT output MATCHES "${EXPECTED_OUTPUT}")
  message(FATAL_ERROR "output does not match '${EXPECTED_OUTPUT}'\n--- output ---\n${output}")
endif()
