include(GNUInstallDirs) # ucom_install_plugin's default destination

# The folder of this file and of the scripts the functions below run at build or install time.
set(_ucom_idl_cmake_dir "${CMAKE_CURRENT_LIST_DIR}")

# The compiler and the host tool the functions run: the targets of this build, unless the
# installed package set ucom::idl and ucom::tool before including this file.
if(NOT UCOM_IDL_EXECUTABLE)
  set(UCOM_IDL_EXECUTABLE ucom-idl)
endif()
if(NOT UCOM_TOOL_EXECUTABLE)
  set(UCOM_TOOL_EXECUTABLE ucom)
endif()

# ucom_add_idl(<target> IDL <file.idl>... [INCLUDE_DIRS <dir>...]
#              [EMIT header|impl|client|json|descriptor|uses...]
#              [NO_RUNTIME])
#
# Compiles each IDL file with ucom-idl at build time and gives <target>, a library whose
# include directory holds the generated FILE.h, FILE_impl.hpp (for implementers),
# FILE_client.hpp (for callers: ucom::client<I>) and FILE_uses.c (the record of the file's
# interfaces that ucom_target_uses compiles into their callers), the default set, and
# FILE.json with EMIT json. Link <target> to use the headers; it links ucom::runtime too
# (NO_RUNTIME: not — for the runtime's own ABI headers). INCLUDE_DIRS are searched for
# #include and import. Every file an IDL file includes or imports is tracked (ucom-idl
# writes a depfile), so changing one regenerates.
# The headers declare their IIDs and CLSIDs with DEFINE_GUID, as widl's do; <target> is a
# static library of the definitions (FILE_guids.c: each header's own GUIDs, hidden, pulled
# in by the linker only where they are used and not defined already), so that whoever links
# <target> needs no INITGUID. With NO_RUNTIME, or without EMIT header, <target> is an
# INTERFACE library and the FILE_guids.c files are the target property UCOM_IDL_GUIDS, for the
# library that defines those GUIDs (libucom defines the base headers' own).
# The generated folder is the target property UCOM_IDL_OUTPUT_DIR; with EMIT descriptor,
# the FILE_descriptor.c files (to compile into the plugin that implements the coclasses)
# are the target property UCOM_IDL_DESCRIPTORS; the FILE_uses.c files are UCOM_IDL_USES.
function(ucom_add_idl target)
  cmake_parse_arguments(arg "NO_RUNTIME" "" "IDL;INCLUDE_DIRS;EMIT" ${ARGN})
  if(NOT arg_IDL)
    message(FATAL_ERROR "ucom_add_idl(${target}): no IDL files given")
  endif()
  if(NOT arg_EMIT)
    set(arg_EMIT header impl client uses)
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
  set(headers)
  set(guid_sources)
  set(descriptors)
  set(uses_records)
  set(idl_files)
  foreach(idl IN LISTS arg_IDL)
    cmake_path(ABSOLUTE_PATH idl BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    list(APPEND idl_files "${idl}")
    cmake_path(GET idl STEM stem)
    set(outputs)
    foreach(kind IN LISTS arg_EMIT)
      if(kind STREQUAL "header")
        list(APPEND outputs "${output_dir}/${stem}.h")
        list(APPEND headers "${output_dir}/${stem}.h")
        _ucom_idl_guid_source(guid_sources "${output_dir}" "${stem}")
      elseif(kind STREQUAL "impl")
        list(APPEND outputs "${output_dir}/${stem}_impl.hpp")
      elseif(kind STREQUAL "client")
        list(APPEND outputs "${output_dir}/${stem}_client.hpp")
      elseif(kind STREQUAL "json")
        list(APPEND outputs "${output_dir}/${stem}.json")
      elseif(kind STREQUAL "descriptor")
        list(APPEND outputs "${output_dir}/${stem}_descriptor.c")
        list(APPEND descriptors "${output_dir}/${stem}_descriptor.c")
      elseif(kind STREQUAL "uses")
        list(APPEND outputs "${output_dir}/${stem}_uses.c")
        list(APPEND uses_records "${output_dir}/${stem}_uses.c")
      else()
        message(FATAL_ERROR "ucom_add_idl(${target}): EMIT ${kind} is not header, impl, client, json, descriptor or uses")
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
  if(guid_sources AND NOT arg_NO_RUNTIME)
    add_library(${target} STATIC ${guid_sources} ${headers})
    # Linked into plugins (PIC), and never exported from them: each module has its own copy.
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON C_VISIBILITY_PRESET hidden
                                               CXX_VISIBILITY_PRESET hidden)
  else()
    add_library(${target} INTERFACE)
  endif()
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} INTERFACE "$<BUILD_INTERFACE:${output_dir}>")
  set_target_properties(${target} PROPERTIES UCOM_IDL_OUTPUT_DIR "${output_dir}" UCOM_IDL_DESCRIPTORS "${descriptors}"
                                             UCOM_IDL_USES "${uses_records}" UCOM_IDL_GUIDS "${guid_sources}")
  # For ucom_freeze_api: the files and how to compile them.
  set_target_properties(${target} PROPERTIES UCOM_IDL_FILES "${idl_files}" UCOM_IDL_INCLUDE_ARGS "${include_args}")
  if(NOT arg_NO_RUNTIME)
    target_link_libraries(${target} INTERFACE ucom::runtime)
    if(guid_sources)
      # The definitions include the headers, which include the runtime's base headers.
      target_include_directories(${target} PRIVATE "${output_dir}")
      target_link_libraries(${target} PRIVATE ucom::runtime)
    endif()
  endif()
endfunction()

# Writes <output_dir>/<stem>_guids.c (or .cpp in a project without C): the definitions of the
# GUIDs <stem>.h declares, and only those (the GUIDs of the files it imports are declared, so
# that two IDL targets never define one GUID twice). The macro is the header's include guard
# with _GUIDS (write_c_header.cpp's guard_name). Written at configure time, only when changed.
function(_ucom_idl_guid_source out_list output_dir stem)
  string(TOUPPER "${stem}" guard)
  string(REGEX REPLACE "[^A-Z0-9]" "_" guard "${guard}")
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  set(extension c)
  if(NOT "C" IN_LIST languages)
    set(extension cpp)
  endif()
  set(file "${output_dir}/${stem}_guids.${extension}")
  string(CONCAT content
         "/* Generated by ucom_add_idl: the GUIDs ${stem}.h declares, defined once for the programs\n"
         " * and plugins that link its IDL target. Do not edit. */\n"
         "#define UCOM_IDL_${guard}_H_GUIDS\n"
         "#include \"${stem}.h\"\n")
  file(CONFIGURE OUTPUT "${file}" CONTENT "${content}" @ONLY)
  set(${out_list} ${${out_list}} "${file}" PARENT_SCOPE)
endfunction()

# ucom_add_plugin(<target> IDL <file.idl>... SOURCES <source>... [INCLUDE_DIRS <dir>...]
#                 [USES <idl target>...])
#
# A plugin in one call: compiles the IDL files that declare the plugin's own interfaces and
# coclasses (header, implementation glue, client wrappers, JSON description, module
# descriptor), builds a MODULE library from SOURCES plus the generated descriptors, hides
# every symbol but the entry points, and links ucom::runtime. USES names the IDL targets
# (<plugin>_idl of other plugins, or ucom_add_idl targets) whose interfaces this plugin
# calls, as ucom_target_uses does: their headers, and the record of their layouts in the
# plugin's descriptor (their classes' descriptors are not compiled in, since this plugin
# does not implement them). The IDL target is <target>_idl; it links the USES targets too,
# so that a host or another plugin linking <target>_idl finds the headers its generated
# header includes.
function(ucom_add_plugin target)
  cmake_parse_arguments(arg "" "" "IDL;SOURCES;INCLUDE_DIRS;USES" ${ARGN})
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "ucom_add_plugin(${target}): no SOURCES given")
  endif()
  ucom_add_idl(${target}_idl IDL ${arg_IDL} INCLUDE_DIRS ${arg_INCLUDE_DIRS}
               EMIT header impl client json descriptor uses)
  get_target_property(descriptors ${target}_idl UCOM_IDL_DESCRIPTORS)
  add_library(${target} MODULE ${arg_SOURCES} ${descriptors})
  target_link_libraries(${target} PRIVATE ${target}_idl)
  ucom_target_uses(${target} ${arg_USES})
  if(arg_USES)
    # PUBLIC: the IDL target's own GUID definitions include its header, which includes theirs.
    target_link_libraries(${target}_idl PUBLIC ${arg_USES})
  endif()
  set_target_properties(${target} PROPERTIES C_VISIBILITY_PRESET hidden CXX_VISIBILITY_PRESET hidden
                                             VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# ucom_target_uses(<target> <idl target>...)
#
# <target> (a plugin, a host program, a library) calls the interfaces of these IDL targets
# (made by ucom_add_idl with `uses` in EMIT, the default, or <plugin>_idl): it links them for
# their headers, and compiles in their FILE_uses.c, which record in <target>'s module
# descriptor each interface with the layout fingerprint it is built against. `ucom verify`
# then reports <target> as stale when a registered provider has another layout under the
# same IID, the loader refuses to load such a plugin, and `ucom verify --host PROGRAM`
# checks a host (docs/abi.md, "Interfaces a module uses").
function(ucom_target_uses target)
  foreach(used IN LISTS ARGN)
    if(TARGET ${used})
      get_target_property(records ${used} UCOM_IDL_USES)
      if(NOT records)
        message(FATAL_ERROR "ucom_target_uses(${target}): ${used} records no interfaces for its callers "
                            "(make it with ucom_add_idl, with `uses` in EMIT)")
      endif()
    endif()
    # A generator expression, so that an IDL target defined later in the project works too.
    target_sources(${target} PRIVATE "$<TARGET_PROPERTY:${used},UCOM_IDL_USES>")
  endforeach()
  if(ARGN)
    target_link_libraries(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# ucom_freeze_api(<idl target> DIRECTORY <dir>)
#
# Freezes the published API of an ucom_add_idl target: <dir>/FILE.api.json (kept in the
# source tree, under version control) is the API snapshot of each of its IDL files, and every
# build checks the current IDL against it with `ucom-idl --check-compat`, failing with one
# line per incompatible change (docs/idl.md, "Interface evolution"). Compatible additions
# pass. Build the target <idl target>_freeze_api to write the snapshots the first time, and
# again to record an intended addition (or a break that is meant); a missing snapshot fails
# the build with that instruction.
function(ucom_freeze_api target)
  cmake_parse_arguments(arg "" "DIRECTORY" "" ${ARGN})
  if(NOT arg_DIRECTORY)
    message(FATAL_ERROR "ucom_freeze_api(${target}): no DIRECTORY given")
  endif()
  cmake_path(ABSOLUTE_PATH arg_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  get_target_property(idl_files ${target} UCOM_IDL_FILES)
  get_target_property(include_args ${target} UCOM_IDL_INCLUDE_ARGS)
  if(NOT idl_files)
    message(FATAL_ERROR "ucom_freeze_api(${target}): not a target made by ucom_add_idl")
  endif()
  if(NOT include_args)
    set(include_args)
  endif()
  set(stamp_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.api")
  set(stamps)
  foreach(idl IN LISTS idl_files)
    cmake_path(GET idl STEM stem)
    set(stamp "${stamp_dir}/${stem}.checked")
    # Checked at build time, so that freezing needs no reconfigure; freezing removes the
    # stamps, so that the next build checks against the new snapshots.
    add_custom_command(
      OUTPUT "${stamp}"
      COMMAND ${CMAKE_COMMAND} -D COMPILER=$<TARGET_FILE:${UCOM_IDL_EXECUTABLE}> -D IDL=${idl}
              -D SNAPSHOT=${arg_DIRECTORY}/${stem}.api.json "-D INCLUDE_ARGS=${include_args}"
              -D FREEZE_TARGET=${target}_freeze_api -D STAMP=${stamp} -P ${_ucom_idl_cmake_dir}/UcomCheckApi.cmake
      DEPENDS "${idl}" ${UCOM_IDL_EXECUTABLE}
      COMMENT "ucom-idl --check-compat ${stem}.idl against its frozen API"
      VERBATIM)
    list(APPEND stamps "${stamp}")
  endforeach()
  add_custom_target(${target}_check_api ALL DEPENDS ${stamps})
  add_custom_target(${target}_freeze_api
    COMMAND ${CMAKE_COMMAND} -E make_directory "${arg_DIRECTORY}"
    COMMAND ${UCOM_IDL_EXECUTABLE} ${include_args} -o "${arg_DIRECTORY}" --emit api -- ${idl_files}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${stamps}
    DEPENDS ${UCOM_IDL_EXECUTABLE}
    COMMENT "ucom-idl: freezing the API of ${target} in ${arg_DIRECTORY}"
    VERBATIM)
endfunction()

# ucom_install_plugin(<plugin target> [DESTINATION <dir>] [REGISTRY <file>])
#
# Installs a plugin (a target of ucom_add_plugin, or any MODULE library with a module
# descriptor) into DESTINATION (default ${CMAKE_INSTALL_LIBDIR}/ucom/plugins, relative to the
# install prefix) and, with REGISTRY, registers its classes in that registry file at install
# time with `ucom register`, under the plugin's final path (the prefix's, never a staging
# folder). When DESTDIR is set, the install is staging files for a package: the plugin is
# copied into DESTDIR and no registry is written (the package registers it when it is
# installed, e.g. `ucom register --registry /etc/ucom/registry.toml PATH` in postinst); a
# message says so. A relative REGISTRY is relative to the install prefix.
function(ucom_install_plugin target)
  cmake_parse_arguments(arg "" "DESTINATION;REGISTRY" "" ${ARGN})
  if(NOT arg_DESTINATION)
    set(arg_DESTINATION "${CMAKE_INSTALL_LIBDIR}/ucom/plugins")
  endif()
  if(IS_ABSOLUTE "${arg_DESTINATION}")
    message(FATAL_ERROR "ucom_install_plugin(${target}): DESTINATION must be relative to the install prefix")
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION "${arg_DESTINATION}")
  if(NOT arg_REGISTRY)
    return()
  endif()
  install(CODE "
    set(UCOM_PLUGIN \"\${CMAKE_INSTALL_PREFIX}/${arg_DESTINATION}/$<TARGET_FILE_NAME:${target}>\")
    set(UCOM_PLUGIN_REGISTRY \"${arg_REGISTRY}\")
    set(UCOM_TOOL \"$<TARGET_FILE:${UCOM_TOOL_EXECUTABLE}>\")
    include(\"${_ucom_idl_cmake_dir}/UcomRegisterPlugin.cmake\")")
endfunction()
