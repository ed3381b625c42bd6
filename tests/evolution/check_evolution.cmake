# The scenario of an interface edited in place (CMakeLists.txt): as a user would run it.
# -D UCOM=… -D SQUARE=… -D SQUARE_CHANGED=… -D SQUARE_CONTRACT_CHANGED=… -D REPORT=… -D UNRECORDED_REPORT=… -D HOST=… -D WORK_DIR=…
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(registry "${WORK_DIR}/registry.toml")
set(plugin "${WORK_DIR}/libucom_test_square.so") # the provider's file, rebuilt in place below

# Runs a command and checks its exit code (a number: a signal would be text) and that its
# output matches each of the regular expressions that follow.
function(expect exit_code)
  cmake_parse_arguments(arg "" "" "COMMAND;MATCHES" ${ARGN})
  execute_process(COMMAND ${arg_COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(output "${out}${err}")
  if(NOT code STREQUAL "${exit_code}")
    message(FATAL_ERROR "${arg_COMMAND}: expected exit code ${exit_code}, got ${code}\n${output}")
  endif()
  foreach(pattern IN LISTS arg_MATCHES)
    if(NOT output MATCHES "${pattern}")
      message(FATAL_ERROR "${arg_COMMAND}: the output does not match '${pattern}'\n${output}")
    endif()
  endforeach()
endfunction()

# Before the change: everything agrees.
file(COPY_FILE "${SQUARE}" "${plugin}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${plugin}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${REPORT}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${UNRECORDED_REPORT}")
expect(0 COMMAND "${UCOM}" verify --registry "${registry}" MATCHES "3 modules checked, 0 with problems")
expect(0 COMMAND "${UCOM}" verify --registry "${registry}" --host "${HOST}" MATCHES "ok   host .*1 host checked, 0 with problems")
expect(0 COMMAND "${HOST}" "${registry}"
       MATCHES "square: square\nreport: a square of area 4.0\nunrecorded report: a square of area 4.0\n")

# The provider rebuilt from the edited IDL and registered again, as the tutorial once said.
file(COPY_FILE "${SQUARE_CHANGED}" "${plugin}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${plugin}")

set(stale "stale caller of interface IShape {2B996BDE-1E88-42CA-9264-D10897AB1FFC}: built against layout 0x[0-9A-F]+, but module [^ ]*libucom_test_square.so \\(registry [^)]*registry.toml\\) provides[ \n]+layout 0x[0-9A-F]+")
expect(1 COMMAND "${UCOM}" verify --registry "${registry}"
       MATCHES "FAIL [^\n]*libucom_test_shape_report.so[^\n]*\n +${stale}" "ok   [^\n]*libucom_test_square.so")
expect(1 COMMAND "${UCOM}" verify --registry "${registry}" --host "${HOST}" MATCHES "FAIL host [^\n]*ucom_test_evolution_host\n +${stale}")
expect(1 COMMAND "${UCOM}" verify --registry "${registry}" --json
       MATCHES "\"module\": \"[^\"]*libucom_test_shape_report.so\".*\"ok\": false")

# The host built against the old IShape is refused the changed class with the fingerprints,
# and the plugin built against it is refused before it runs: no call goes through the wrong table.
expect(2 COMMAND "${HOST}" "${registry}"
       MATCHES "square refused: [^\n]*interface IShape [^\n]*the caller was built against layout 0x[0-9A-F]+, but class Ucom.Test.Square[^\n]* provides layout 0x[0-9A-F]+"
               "report refused: [^\n]*module [^\n]*libucom_test_shape_report.so calls interface IShape [^\n]*built against layout 0x[0-9A-F]+, but module [^\n]*libucom_test_square.so \\(registry [^)]*registry.toml\\) provides layout 0x[0-9A-F]+"
               # Its uses table does not list IShape: its activation through the context refuses it.
               "unrecorded report refused: [^\n]*interface IShape [^\n]*the caller was built against layout 0x[0-9A-F]+, but class Ucom.Test.Square")
expect(1 COMMAND "${UCOM}" query --registry "${registry}" Ucom.Test.ShapeReport
       MATCHES "UCOM_E_LAYOUT_MISMATCH|calls interface IShape")
# The changed provider itself works for callers built against it.
expect(0 COMMAND "${UCOM}" query --registry "${registry}" Ucom.Test.Square MATCHES "IShape")

# Back to the published IShape: everything agrees again.
file(COPY_FILE "${SQUARE}" "${plugin}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${plugin}")
expect(0 COMMAND "${UCOM}" verify --registry "${registry}" --host "${HOST}" MATCHES "1 host checked, 0 with problems")
expect(0 COMMAND "${HOST}" "${registry}" MATCHES "square: square\n")

# Rebuilt with only Perimeter's size_is changed: the same vtable, so the layout fingerprint
# agrees, and only the contract tells the callers built against shapes.idl from the provider.
file(COPY_FILE "${SQUARE_CONTRACT_CHANGED}" "${plugin}")
expect(0 COMMAND "${UCOM}" register --registry "${registry}" "${plugin}")
set(stale_contract "stale caller of interface IShape {2B996BDE-1E88-42CA-9264-D10897AB1FFC}: built against[ \n]+contract[ \n]+0x[0-9A-F]+,[ \n]+but[ \n]+module[ \n]+[^ ]*libucom_test_square.so[ \n]+\\(registry[ \n]+[^)]*registry.toml\\)[ \n]+provides[ \n]+contract[ \n]+0x[0-9A-F]+[ \n]+\\(the[ \n]+same[ \n]+binary[ \n]+layout")
expect(1 COMMAND "${UCOM}" verify --registry "${registry}"
       MATCHES "FAIL [^\n]*libucom_test_shape_report.so[^\n]*\n +${stale_contract}" "ok   [^\n]*libucom_test_square.so")
expect(1 COMMAND "${UCOM}" verify --registry "${registry}" --host "${HOST}" MATCHES "FAIL host [^\n]*ucom_test_evolution_host\n +${stale_contract}")
expect(2 COMMAND "${HOST}" "${registry}"
       MATCHES "square refused: [^\n]*interface IShape [^\n]*the caller was built against contract 0x[0-9A-F]+, but class Ucom.Test.Square[^\n]* provides contract 0x[0-9A-F]+ \\(the same binary layout, but another size_is"
               "report refused: [^\n]*libucom_test_shape_report.so calls interface IShape [^\n]*built against contract 0x[0-9A-F]+, but module [^\n]*libucom_test_square.so [^\n]*provides contract 0x[0-9A-F]+"
               "unrecorded report refused: [^\n]*interface IShape [^\n]*the caller was built against contract 0x[0-9A-F]+")
expect(0 COMMAND "${UCOM}" query --registry "${registry}" Ucom.Test.Square MATCHES "IShape")
