# ucom_add_idl regenerates a header when a file its IDL imports or #includes changes, and
# only then. Builds a small project with the real ucom-idl, edits the files, rebuilds.
# -D IDL_COMPILER=… -D SOURCE_DIR=… -D WORK_DIR=… -D UCOM_CMAKE_DIR=… -D UCOM_IDL_DIR=…
#    -D RUNTIME_INCLUDE=… -D ABI_INCLUDE=…
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/project/" DESTINATION "${WORK_DIR}/src")
file(WRITE "${WORK_DIR}/src/a.idl" "#include \"c.h\"\nimport \"b.idl\";\nconst long A_SIZE = A_COUNT;\n[object, uuid(0B5E1C32-67F1-4F0B-9E0C-1D2A3B4C5D01)]\ninterface IA : IB { HRESULT A(); }\n")
file(WRITE "${WORK_DIR}/src/b.idl" "import \"unknwn.idl\";\n[object, uuid(0B5E1C32-67F1-4F0B-9E0C-1D2A3B4C5D02)]\ninterface IB : IUnknown { HRESULT B1(); }\n")
file(WRITE "${WORK_DIR}/src/c.h" "#define A_COUNT 4\n")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${code}):\n${out}${err}")
  endif()
  set(last_output "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_in_header text why)
  file(READ "${WORK_DIR}/build/shapes_idl.idl/a.h" header)
  string(FIND "${header}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${why}: a.h does not contain '${text}'")
  endif()
endfunction()

run(${CMAKE_COMMAND} -S "${WORK_DIR}/src" -B "${WORK_DIR}/build" -G Ninja -DUCOM_IDL_EXECUTABLE=${IDL_COMPILER}
    -DUCOM_CMAKE_DIR=${UCOM_CMAKE_DIR} -DUCOM_IDL_DIR=${UCOM_IDL_DIR} -DUCOM_RUNTIME_INCLUDE=${RUNTIME_INCLUDE}
    -DUCOM_ABI_INCLUDE=${ABI_INCLUDE})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
expect_in_header("#define A_SIZE (4)" "first build")
expect_in_header("(STDMETHODCALLTYPE *B1)(IA *This)" "first build")

# Nothing changed: nothing is regenerated.
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
if(NOT last_output MATCHES "no work to do")
  message(FATAL_ERROR "a build with nothing changed did work:\n${last_output}")
endif()

# An imported file changes: IA inherits a new slot.
file(WRITE "${WORK_DIR}/src/b.idl" "import \"unknwn.idl\";\n[object, uuid(0B5E1C32-67F1-4F0B-9E0C-1D2A3B4C5D02)]\ninterface IB : IUnknown { HRESULT B1(); HRESULT B2(); }\n")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
expect_in_header("(STDMETHODCALLTYPE *B2)(IA *This)" "after editing the imported b.idl")

# An #included file changes: the constant it feeds changes in the header.
file(WRITE "${WORK_DIR}/src/c.h" "#define A_COUNT 5\n")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
expect_in_header("#define A_SIZE (5)" "after editing the #included c.h")

# And once rebuilt, nothing is left to do (the unchanged outputs are not rewritten, and the
# build does not loop on them).
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
if(NOT last_output MATCHES "no work to do")
  message(FATAL_ERROR "the build after the edits did not settle:\n${last_output}")
endif()
