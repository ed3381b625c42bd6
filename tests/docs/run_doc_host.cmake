# Runs a host program of docs/ as its page says: with PLUGIN registered in a fresh registry it
# prints EXPECTED; with nothing registered it fails, saying so on stderr.
# -DUCOM=… -DPLUGIN=… -DHOST=… -DEXPECTED=… -DWORK_DIR=…
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${UCOM}" register --registry "${WORK_DIR}/reg.toml" "${PLUGIN}" RESULT_VARIABLE code
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ucom register failed: ${err}")
endif()
execute_process(COMMAND "${HOST}" "${WORK_DIR}/reg.toml" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out STREQUAL "${EXPECTED}\n")
  message(FATAL_ERROR "${HOST} printed '${out}${err}' (exit ${code}), not '${EXPECTED}'")
endif()
file(WRITE "${WORK_DIR}/empty.toml" "format = 1\n")
execute_process(COMMAND "${HOST}" "${WORK_DIR}/empty.toml" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT out STREQUAL "" OR err STREQUAL "")
  message(FATAL_ERROR "with no class registered ${HOST} printed '${out}${err}' (exit ${code})")
endif()
