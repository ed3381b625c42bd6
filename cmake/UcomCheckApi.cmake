# The build step of ucom_freeze_api (UcomIdl.cmake): checks one IDL file against its frozen
# API snapshot. -D COMPILER=<ucom-idl> -D IDL=<file.idl> -D SNAPSHOT=<file.api.json>
# -D INCLUDE_ARGS=<-I;dir;...> -D FREEZE_TARGET=<name> -D STAMP=<file to touch when it passes>
cmake_minimum_required(VERSION 3.25)
if(NOT EXISTS "${SNAPSHOT}")
  message(FATAL_ERROR "${SNAPSHOT} does not exist: build the target ${FREEZE_TARGET} to freeze the API of ${IDL}")
endif()
execute_process(COMMAND "${COMPILER}" ${INCLUDE_ARGS} --check-compat "${SNAPSHOT}" "${IDL}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${IDL} breaks its frozen API (${SNAPSHOT}): a published interface is immutable; declare "
                      "changes in a new interface (IFoo2) or, for a change that is meant to break, freeze again with "
                      "the target ${FREEZE_TARGET}")
endif()
file(TOUCH "${STAMP}")
