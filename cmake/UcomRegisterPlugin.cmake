# The install step of ucom_install_plugin (UcomIdl.cmake), run by `cmake --install`:
# registers the installed plugin UCOM_PLUGIN in UCOM_PLUGIN_REGISTRY with the tool UCOM_TOOL,
# unless DESTDIR is set (staging for a package: the package registers it when installed).
cmake_path(ABSOLUTE_PATH UCOM_PLUGIN_REGISTRY BASE_DIRECTORY "${CMAKE_INSTALL_PREFIX}" NORMALIZE)
if(NOT "$ENV{DESTDIR}" STREQUAL "")
  message(STATUS "Not registering ${UCOM_PLUGIN} in ${UCOM_PLUGIN_REGISTRY}: DESTDIR is set (staging for a "
                 "package); register it where the package is installed")
  return()
endif()
message(STATUS "Registering ${UCOM_PLUGIN} in ${UCOM_PLUGIN_REGISTRY}")
execute_process(COMMAND "${UCOM_TOOL}" register --registry "${UCOM_PLUGIN_REGISTRY}" "${UCOM_PLUGIN}"
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "ucom register ${UCOM_PLUGIN} failed (exit ${result})")
endif()
