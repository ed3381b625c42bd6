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
    "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DCMAKE_INSTALL_PREFIX=${WORK_DIR}/plugins"
    "-DGREETER_REGISTRY=${WORK_DIR}/registry.toml" ${flags})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/greeter_host")
if(NOT last_output STREQUAL "Hello, ucom!\n")
  message(FATAL_ERROR "greeter_host printed '${last_output}'")
endif()
run("${WORK_DIR}/build/greeter_client_host")
if(NOT last_output STREQUAL "Hello, client!\n")
  message(FATAL_ERROR "greeter_client_host printed '${last_output}'")
endif()

# The installed tools run from the prefix (their RPATH finds the installed libucom).
run("${WORK_DIR}/prefix/bin/ucom" --version)
run("${WORK_DIR}/prefix/bin/ucom-idl" --version)

# Staging for a package (DESTDIR): the plugin is copied, no registry is written.
set(ENV{DESTDIR} "${WORK_DIR}/stage")
run(${CMAKE_COMMAND} --install "${WORK_DIR}/build")
unset(ENV{DESTDIR})
file(GLOB_RECURSE staged "${WORK_DIR}/stage/*/libgreeter_plugin.so")
if(NOT staged)
  message(FATAL_ERROR "cmake --install with DESTDIR did not stage the plugin under ${WORK_DIR}/stage")
endif()
if(EXISTS "${WORK_DIR}/registry.toml")
  message(FATAL_ERROR "cmake --install with DESTDIR wrote the registry ${WORK_DIR}/registry.toml")
endif()

# Installing for real registers the plugin under its final path, and the installed ucom
# activates it from there.
run(${CMAKE_COMMAND} --install "${WORK_DIR}/build")
file(READ "${WORK_DIR}/registry.toml" registry)
# (the registry writes a module beside it relative to its own folder)
if(NOT registry MATCHES "path = 'plugins/lib[^']*/ucom/plugins/libgreeter_plugin.so'" OR registry MATCHES "stage")
  message(FATAL_ERROR "the registry does not name the installed plugin:\n${registry}")
endif()
run("${WORK_DIR}/prefix/bin/ucom" query --registry "${WORK_DIR}/registry.toml" Consumer.Greeter.1)
if(NOT last_output MATCHES "IGreeter")
  message(FATAL_ERROR "the installed ucom did not activate the installed plugin:\n${last_output}")
endif()
