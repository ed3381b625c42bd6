# Installs ucom into a fresh prefix and builds and runs a user's project against it.
# -D BUILD_DIR=… -D SOURCE_DIR=… -D WORK_DIR=… [-D SANITIZE=address,undefined]
file(REMOVE_RECURSE "${WORK_DIR}")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${code}):\n${out}${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
# A sanitized libucom needs a sanitized program (the sanitizer runtime must load first).
set(flags)
if(SANITIZE)
  set(flags "-DCMAKE_C_FLAGS=-fsanitize=${SANITIZE}" "-DCMAKE_CXX_FLAGS=-fsanitize=${SANITIZE}"
            "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}" "-DCMAKE_SHARED_LINKER_FLAGS=-fsanitize=${SANITIZE}")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/consumer" -B "${WORK_DIR}/build" -G Ninja
    "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" ${flags})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/greeter_host")
if(NOT last_output STREQUAL "Hello, ucom!\n")
  message(FATAL_ERROR "greeter_host printed '${last_output}'")
endif()
run("${WORK_DIR}/build/greeter_client_host")
if(NOT last_output STREQUAL "Hello, client!\n")
  message(FATAL_ERROR "greeter_client_host printed '${last_output}'")
endif()
