# Runs the C host of docs/object-model.md as its text says: against a registry where
# Ucom.Hello is registered, and against an empty one (the failure it reports).
# -DUCOM=… -DHELLO=… -DHOST=… -DWORK_DIR=…
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${UCOM}" register --registry "${WORK_DIR}/reg.toml" "${HELLO}" RESULT_VARIABLE code
                ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ucom register failed: ${err}")
endif()
execute_process(COMMAND "${HOST}" "${WORK_DIR}/reg.toml" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT out STREQUAL "Hello, C!\n")
  message(FATAL_ERROR "the C host printed '${out}${err}' (exit ${code}), not 'Hello, C!'")
endif()
file(WRITE "${WORK_DIR}/empty.toml" "format = 1\n")
execute_process(COMMAND "${HOST}" "${WORK_DIR}/empty.toml" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 1 OR NOT err MATCHES "^Ucom.Hello: .*Ucom.Hello.* \\(REGDB_E_CLASSNOTREG\\)\n$")
  message(FATAL_ERROR "with no class registered the C host printed '${out}${err}' (exit ${code})")
endif()
