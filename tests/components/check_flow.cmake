# The sample components through the real `ucom`, as a user drives it: register -> list ->
# show -> query -> verify -> unregister, in text and in JSON, in a fresh registry under
# WORK_DIR. Each step checks the exit code and the output.
# -DUCOM=… -DHELLO=… -DSOURCE=… -DTOKENIZER=… -DSTATS=… -DWORDSTATS=… -DSAMPLE=… -DWORK_DIR=…
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(registry "${WORK_DIR}/nested/registry.toml") # the folder does not exist yet: register creates it

function(step expected_exit expected_output)
  execute_process(COMMAND ${ARGN} --registry "${registry}" RESULT_VARIABLE exit_code OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  set(output "${out}${err}")
  if(NOT exit_code STREQUAL "${expected_exit}")
    message(FATAL_ERROR "${ARGN}: expected exit code ${expected_exit}, got ${exit_code}\n${output}")
  endif()
  if(NOT output MATCHES "${expected_output}")
    message(FATAL_ERROR "${ARGN}: output does not match '${expected_output}'\n${output}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

step(0 "registered .*libucom_hello.so \\(1 class\\)" ${UCOM} register ${HELLO} ${SOURCE} ${TOKENIZER} ${STATS})
step(0 "Ucom.Hello.1 +{[0-9A-F-]+} +.*libucom_hello.so\n.*Ucom.Pipeline.TextSource.1 .*Ucom.Pipeline.Tokenizer.1 .*Ucom.Pipeline.WordStatistics.1"
     ${UCOM} list)
step(0 "" ${UCOM} list --json)
string(JSON classes LENGTH "${last_output}" classes)
if(NOT classes EQUAL 4)
  message(FATAL_ERROR "list --json: expected 4 classes, got ${classes}\n${last_output}")
endif()
string(JSON layer GET "${last_output}" classes 0 layer)
if(NOT layer STREQUAL "--registry")
  message(FATAL_ERROR "list --json: expected layer --registry, got ${layer}")
endif()

step(0 "class Hello {[0-9A-F-]+}\n  progid: +Ucom.Hello.1\n  vi_progid: +Ucom.Hello\n.*threading: +free\n  module: +[^\n]*libucom_hello.so\n.*interface +IHello {[0-9A-F-]+} fingerprint 0x[0-9A-F]+"
     ${UCOM} show Ucom.Hello)
step(0 "" ${UCOM} show Ucom.Hello --json)
string(JSON clsid GET "${last_output}" clsid)
string(JSON interface GET "${last_output}" interfaces 0 name)
if(NOT interface STREQUAL "IHello")
  message(FATAL_ERROR "show --json: expected IHello, got ${interface}")
endif()
step(0 "class Hello " ${UCOM} show ${clsid}) # by CLSID too

step(0 "Ucom.Hello: activated; answers to:\n  IUnknown {00000000-0000-0000-C000-000000000046}\n  IHello {"
     ${UCOM} query Ucom.Hello)
step(0 "" ${UCOM} query Ucom.Hello --interface IHello --json)
string(JSON answers GET "${last_output}" interfaces 0 answers)
if(NOT answers)
  message(FATAL_ERROR "query --json: IHello does not answer\n${last_output}")
endif()
step(1 "does not answer to every interface asked for" ${UCOM} query Ucom.Hello --interface ITokenizer)
step(0 "activation trace:\n  Ucom.Pipeline.Tokenizer.1 \\(requested by host\\) via [^\n]* -> [^\n]*libucom_pipeline_tokenizer.so, loaded now, [0-9.]+ ms\n    Ucom.Pipeline.TextSource.1 \\(requested by Ucom.Pipeline.Tokenizer.1\\) via [^\n]*libucom_pipeline_text_source.so, loaded now"
     ${UCOM} query Ucom.Pipeline.Tokenizer --trace)
step(0 "" ${UCOM} query Ucom.Pipeline.Tokenizer --trace --json)
string(JSON nested GET "${last_output}" trace 0 nested 0 requested_by)
if(NOT nested STREQUAL "Ucom.Pipeline.Tokenizer.1")
  message(FATAL_ERROR "query --trace --json: nested activation requested by '${nested}'\n${last_output}")
endif()

step(0 "4 modules checked, 0 with problems" ${UCOM} verify)
step(0 "" ${UCOM} verify --json)
string(JSON ok GET "${last_output}" ok)
if(NOT ok)
  message(FATAL_ERROR "verify --json: not ok\n${last_output}")
endif()

step(0 "lines: 3\nwords: 36\ndistinct: 26\ntop 3: the 8, cat 2, dog 2\n" ${WORDSTATS} --top 3 ${SAMPLE})

step(0 "unregistered Ucom.Hello" ${UCOM} unregister Ucom.Hello)
step(1 "'Ucom.Hello' is not registered" ${UCOM} unregister Ucom.Hello)
step(1 "'Ucom.Hello' is not registered" ${UCOM} query Ucom.Hello)
step(0 "unregistered" ${UCOM} unregister ${SOURCE} ${TOKENIZER} ${STATS})
step(0 "no classes registered" ${UCOM} list)
step(0 "0 modules checked, 0 with problems" ${UCOM} verify)
