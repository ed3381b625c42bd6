# Every command of `ucom` against the documented meaning of its exit codes (docs/ucom-tool.md):
# 0 success, 1 the command ran and failed (the reason on stderr, or verify's FAIL lines; with
# --json one JSON object with `error` and `code` on stdout), 2 the command line is wrong.
# One row a case.
# -DUCOM=… -DPLUGIN=<a plugin .so> -DPROGID=<its ProgID> -DWORK_DIR=…
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(good "${WORK_DIR}/good.toml")
set(bad "${WORK_DIR}/bad.toml")
set(empty "${WORK_DIR}/empty.toml")
file(WRITE "${bad}" "format = 1\n[[class]\n")
file(WRITE "${empty}" "format = 1\n")
file(WRITE "${WORK_DIR}/not-a-plugin.so" "not ELF\n")
execute_process(COMMAND "${UCOM}" register --registry "${good}" "${PLUGIN}" RESULT_VARIABLE code)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "could not register ${PLUGIN}")
endif()

# expected exit | json (the stdout of a failure must be one JSON error object) | arguments,
# separated by commas
set(rows
  "0||--version"
  "2||--bogus"
  "2||"
  "0||help"
  "0||help,query"
  "2||help,nosuch"
  "0||guid,new"
  "2||guid,new,-n,0"
  "2||guid"
  "0||guid,show,{F82A9146-DFC2-46E0-806A-38605A81A719}"
  "1||guid,show,F82A9146"
  "1|json|guid,show,F82A9146,--json"
  "2||guid,show"
  "0||hresult,E_NOINTERFACE"
  "0||hresult,0x12345678"
  "1||hresult,bogus"
  "1|json|hresult,bogus,--json"
  "2||hresult"
  "0||register,--registry,${WORK_DIR}/other.toml,${PLUGIN}"
  "1||register,--registry,${WORK_DIR}/other.toml,${WORK_DIR}/missing.so"
  "1||register,--registry,${WORK_DIR}/other.toml,${WORK_DIR}/not-a-plugin.so"
  "1||register,--registry,${bad},${PLUGIN}"
  "2||register,--registry,${WORK_DIR}/other.toml"
  "1||unregister,--registry,${empty},Nope"
  "2||unregister,--registry,${empty}"
  "0||list,--registry,${good}"
  "0||list,--registry,${good},--json"
  "1||list,--registry,${bad}"
  "1|json|list,--registry,${bad},--json"
  "0||show,--registry,${good},${PROGID}"
  "1||show,--registry,${good},Nope.Nothing"
  "1|json|show,--registry,${good},Nope.Nothing,--json"
  "1|json|show,--registry,${bad},${PROGID},--json"
  "2||show,--registry,${good}"
  "0||show,--file,${PLUGIN}"
  "1||show,--file,${WORK_DIR}/missing.so"
  "1|json|show,--file,${WORK_DIR}/not-a-plugin.so,--json"
  "0||query,--registry,${good},${PROGID}"
  "1||query,--registry,${good},Nope.Nothing"
  "1|json|query,--registry,${good},Nope.Nothing,--json"
  "1|json|query,--registry,${bad},${PROGID},--json"
  "1||query,--registry,${good},${PROGID},--interface,IWellFormedButUnknown"
  "2||query,--registry,${good},${PROGID},--interface,bad name!"
  "2||query,--registry,${good}"
  "0||verify,--registry,${good}"
  "1||verify,--registry,${bad}"
  "1|json|verify,--registry,${bad},--json"
)
set(failures "")
foreach(row IN LISTS rows)
  string(REPLACE "|" ";" fields "${row}")
  list(GET fields 0 expected)
  list(GET fields 1 json)
  list(SUBLIST fields 2 -1 arguments)
  string(REPLACE "," ";" arguments "${arguments}")
  execute_process(COMMAND "${UCOM}" ${arguments} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REPLACE ";" " " shown "${arguments}")
  if(NOT code STREQUAL expected)
    string(APPEND failures "ucom ${shown}: exit ${code}, expected ${expected}\n${out}${err}\n")
    continue()
  endif()
  # The reason is on stderr; verify's is its report (the FAIL lines).
  if(code EQUAL 1 AND NOT err MATCHES "error" AND NOT out MATCHES "FAIL")
    string(APPEND failures "ucom ${shown}: failed without saying why\n")
  endif()
  if(json STREQUAL "json")
    string(JSON message ERROR_VARIABLE not_json GET "${out}" error)
    string(JSON reason ERROR_VARIABLE no_code GET "${out}" code)
    if(not_json OR no_code OR message STREQUAL "" OR NOT reason MATCHES "^(E_|CO_|REGDB_|CLASS_|0x|UCOM_)")
      string(APPEND failures "ucom ${shown}: stdout is not one JSON object with error and code:\n${out}\n")
    endif()
  endif()
endforeach()
list(LENGTH rows count)
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
message(STATUS "${count} cases")
