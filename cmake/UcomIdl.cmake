# ucom_add_idl(<target> IDL <file.idl>... [INCLUDE_DIRS <dir>...]
#              [EMIT header|impl|client|json|descriptor...]
#              [NO_RUNTIME])
#
# Compiles each IDL file with ucom-idl at build time and gives <target>, an INTERFACE
# library whose include directory holds the generated FILE.h, FILE_impl.hpp (for
# implementers) and FILE_client.hpp (for callers: ucom::client<I>), the default set, and
# FILE.json with EMIT json. Link <target> to use the headers; it links ucom::runtime too
# (NO_RUNTIME: not — for the runtime's own ABI headers). INCLUDE_DIRS are searched for
# #include and import. Every file an IDL file includes or imports is tracked (ucom-idl
# writes a depfile), so changing one regenerates.
# The generated folder is the target property UCOM_IDL_OUTPUT_DIR; with EMIT descriptor,
# the FILE_descriptor.c files (to compile into the plugin that implements the coclasses)
# are the target property UCOM_IDL_DESCRIPTORS.
function(ucom_add_idl target)
  cmake_parse_arguments(arg "NO_RUNTIME" "" "IDL;INCLUDE_DIRS;EMIT" ${ARGN})
  if(NOT arg_IDL)
    message(FATAL_ERROR "ucom_add_idl(${target}): no IDL files given")
  endif()
  if(NOT arg_EMIT)
    set(arg_EMIT header impl client)
  endif()
  if(NOT UCOM_IDL_EXECUTABLE)
    set(UCOM_IDL_EXECUTABLE ucom-idl) # the target in this build; the installed package sets ucom::idl
  endif()

  set(output_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.idl")
  set(emit_args)
  foreach(kind IN LISTS arg_EMIT)
    list(APPEND emit_args --emit ${kind})
  endforeach()
  set(include_args)
  foreach(dir IN LISTS arg_INCLUDE_DIRS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND include_args -I "${dir}")
  endforeach()

  set(all_outputs)
  set(descriptors)
  foreach(idl IN LISTS arg_IDL)
    cmake_path(ABSOLUTE_PATH idl BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    cmake_path(GET idl STEM stem)
    set(outputs)
    foreach(kind IN LISTS arg_EMIT)
      if(kind STREQUAL "header")
        list(APPEND outputs "${output_dir}/${stem}.h")
      elseif(kind STREQUAL "impl")
        list(APPEND outputs "${output_dir}/${stem}_impl.hpp")
      elseif(kind STREQUAL "client")
        list(APPEND outputs "${output_dir}/${stem}_client.hpp")
      elseif(kind STREQUAL "json")
        list(APPEND outputs "${output_dir}/${stem}.json")
      elseif(kind STREQUAL "descriptor")
        list(APPEND outputs "${output_dir}/${stem}_descriptor.c")
        list(APPEND descriptors "${output_dir}/${stem}_descriptor.c")
      else()
        message(FATAL_ERROR "ucom_add_idl(${target}): EMIT ${kind} is not header, impl, client, json or descriptor")
      endif()
    endforeach()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND ${UCOM_IDL_EXECUTABLE} -o "${output_dir}" ${include_args} ${emit_args}
              --depfile "${output_dir}/${stem}.d" "${idl}"
      DEPENDS "${idl}" ${UCOM_IDL_EXECUTABLE}
      DEPFILE "${output_dir}/${stem}.d"
      COMMENT "ucom-idl ${stem}.idl"
      VERBATIM)
    list(APPEND all_outputs ${outputs})
  endforeach()

  add_custom_target(${target}_generate DEPENDS ${all_outputs})
  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} INTERFACE "$<BUILD_INTERFACE:${output_dir}>")
  set_target_properties(${target} PROPERTIES UCOM_IDL_OUTPUT_DIR "${output_dir}" UCOM_IDL_DESCRIPTORS "${descriptors}")
  if(NOT arg_NO_RUNTIME)
    target_link_libraries(${target} INTERFACE ucom::runtime)
  endif()
endfunction()

# ucom_add_plugin(<target> IDL <file.idl>... SOURCES <source>... [INCLUDE_DIRS <dir>...]
#                 [USES <idl target>...])
#
# A plugin in one call: compiles the IDL files that declare the plugin's own interfaces and
# coclasses (header, implementation glue, client wrappers, JSON description, module
# descriptor), builds a
# MODULE library from SOURCES plus the generated descriptors, hides every symbol but the
# entry points, and links ucom::runtime. USES names the IDL targets (<plugin>_idl of other
# plugins, or ucom_add_idl targets) whose headers this plugin calls through; their
# descriptors are not compiled in, since this plugin does not implement their classes.
# The IDL target is <target>_idl.
function(ucom_add_plugin target)
  cmake_parse_arguments(arg "" "" "IDL;SOURCES;INCLUDE_DIRS;USES" ${ARGN})
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ucom_add_plugin(${target}): no SOURCES given")
  endif()
  ucom_add_idl(${target}_idl IDL ${arg_IDL} INCLUDE_DIRS ${arg_INCLUDE_DIRS} EMIT header impl client json descriptor)
  get_target_property(descriptors ${target}_idl UCOM_IDL_DESCRIPTORS)
  add_library(${target} MODULE ${arg_SOURCES} ${descriptors})
  target_link_libraries(${target} PRIVATE ${target}_idl ${arg_USES})
  set_target_properties(${target} PROPERTIES C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
endfunction()
