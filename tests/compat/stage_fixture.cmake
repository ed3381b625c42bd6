# Copies a fixture folder (a plugin and the registry file written for it) to DESTINATION,
# byte for byte, replacing an earlier copy. The copy gets modes that the load policy
# accepts (no group or world write), whatever the checkout's umask gave the source files.
# Arguments: SOURCE, DESTINATION.
if(NOT SOURCE OR NOT DESTINATION)
  message(FATAL_ERROR "stage_fixture.cmake: SOURCE and DESTINATION are required")
endif()
file(REMOVE_RECURSE "${DESTINATION}")
file(MAKE_DIRECTORY "${DESTINATION}")
file(CHMOD "${DESTINATION}" DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                                  WORLD_READ WORLD_EXECUTE)
file(GLOB files LIST_DIRECTORIES false "${SOURCE}/*")
if(NOT files)
  message(FATAL_ERROR "${SOURCE}: no fixture files")
endif()
file(COPY ${files} DESTINATION "${DESTINATION}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
