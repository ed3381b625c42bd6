# `ucom show --file` on a plugin whose constructor writes a marker file: the command succeeds
# and the marker does not exist afterwards, so the plugin was read, never loaded.
# -D UCOM=… -D PLUGIN=… -D MARKER=…
file(REMOVE "${MARKER}")
execute_process(COMMAND "${UCOM}" show --file "${PLUGIN}" RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "ucom show --file failed (${code}):\n${out}${err}")
endif()
if(NOT out MATCHES "class Calculator")
  message(FATAL_ERROR "ucom show --file did not list the class:\n${out}")
endif()
if(EXISTS "${MARKER}")
  message(FATAL_ERROR "reading the plugin ran its constructor: ${MARKER} exists")
endif()
