# Plugins of three toolchains that use one another through the runtime, built out of tree
# against an installed ucom as a third party builds them (docs/out-of-tree.md):
#   a C99 plugin (c/shapes.c) and a C host, with `cc` and `pkg-config --cflags --libs ucom`;
#   the C++ plugins and host of cxx/ twice, with GCC + libstdc++ and with Clang + libc++.
# Two registries mix them (report → scene → C shapes): A has the GCC report over the libc++
# scene, B the libc++ report over the GCC scene. Every host runs against both and must print
# exactly what expected.txt says. The code docs/out-of-tree.md quotes must still be in these files.
# -D BUILD_DIR=… -D SOURCE_DIR=… -D WORK_DIR=… -D LIBDIR=… [-D SANITIZE=address,undefined]
cmake_minimum_required(VERSION 3.25)

if(SANITIZE MATCHES "thread")
  # Clang/libc++ parts cannot share TSan's runtime with the GCC side, and an uninstrumented
  # plugin in a TSan process gives false reports.
  message("crosstool: skipped: ThreadSanitizer (${SANITIZE}) cannot mix with the uninstrumented Clang/libc++ plugins")
  return()
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/c")
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "${command} failed (${code}):\n${out}${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")

# The GCC side keeps the build's sanitizers; the Clang/libc++ side never has them (two
# sanitizer runtimes cannot share a process). A sanitized libucom needs the sanitizer
# runtime loaded first, so only sanitized hosts can run it.
set(sanitize_flag)
set(gcc_flags)
if(SANITIZE)
  set(sanitize_flag "-fsanitize=${SANITIZE}")
  foreach(kind C CXX EXE_LINKER MODULE_LINKER)
    list(APPEND gcc_flags "-DCMAKE_${kind}_FLAGS=${sanitize_flag}")
  endforeach()
endif()

# ---- C: the plugin and a host, with cc and pkg-config ----
set(ENV{PKG_CONFIG_PATH} "${prefix}/${LIBDIR}/pkgconfig")
run(pkg-config --cflags --libs ucom)
separate_arguments(pkg_flags UNIX_COMMAND "${last_output}")
run(pkg-config --variable=libdir ucom)
string(STRIP "${last_output}" pc_libdir)
set(c_dir "${WORK_DIR}/c")
run("${prefix}/bin/ucom-idl" -o "${c_dir}" -I "${SOURCE_DIR}/idl" --emit header --emit descriptor
    "${SOURCE_DIR}/idl/shapes.idl")
run("${prefix}/bin/ucom-idl" -o "${c_dir}" -I "${SOURCE_DIR}/idl" --emit header
    "${SOURCE_DIR}/idl/scene.idl" "${SOURCE_DIR}/idl/report.idl")
set(cc cc -std=c99 -pedantic -Wall -Wextra -Werror ${sanitize_flag} -I "${c_dir}")
# The plugin needs libucom too: without an RPATH, `ucom verify` reports that the dynamic
# loader would not find it (a host has it loaded, but verify cannot know the host).
run(${cc} -fPIC -shared -fvisibility=hidden -o "${c_dir}/libcrosstool_shapes.so"
    "${SOURCE_DIR}/c/shapes.c" "${c_dir}/shapes_descriptor.c" ${pkg_flags} "-Wl,-rpath,${pc_libdir}")
run(${cc} -o "${c_dir}/c_host" "${SOURCE_DIR}/c/c_host.c" ${pkg_flags} "-Wl,-rpath,${pc_libdir}")

# ---- docs/out-of-tree.md shows excerpts of these files: they must still be in them ----
# (leading spaces aside), so that the page cannot drift from the code that is built here.
cmake_path(GET SOURCE_DIR PARENT_PATH tests_dir)
cmake_path(GET tests_dir PARENT_PATH root_dir)
file(READ "${root_dir}/docs/out-of-tree.md" page)
set(excerpts 0)
while(TRUE)
  string(FIND "${page}" "<!-- excerpt of " at)
  if(at EQUAL -1)
    break()
  endif()
  string(SUBSTRING "${page}" ${at} -1 page)
  if(NOT page MATCHES "^<!-- excerpt of ([^\n]*) -->\n```[^\n]*\n")
    message(FATAL_ERROR "docs/out-of-tree.md: an excerpt marker without a code block after it")
  endif()
  set(name "${CMAKE_MATCH_1}")
  string(LENGTH "${CMAKE_MATCH_0}" skip)
  string(SUBSTRING "${page}" ${skip} -1 page)
  string(FIND "${page}" "\n```" end)
  string(SUBSTRING "${page}" 0 ${end} block)
  if(name MATCHES "^the generated (.*)$")
    file(READ "${c_dir}/${CMAKE_MATCH_1}" code)
  else()
    file(READ "${root_dir}/${name}" code)
  endif()
  string(REGEX REPLACE "\n *" "\n" code "\n${code}")
  string(REGEX REPLACE "\n *" "\n" flat_block "\n${block}\n")
  string(FIND "${code}" "${flat_block}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "docs/out-of-tree.md shows an excerpt of ${name} that is no longer in it:\n${block}")
  endif()
  math(EXPR excerpts "${excerpts} + 1")
endwhile()
if(excerpts LESS 7)
  message(FATAL_ERROR "docs/out-of-tree.md: ${excerpts} excerpts checked, 7 expected")
endif()

# ---- C++: the same project with each toolchain ----
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/cxx" -B "${WORK_DIR}/gcc" -G Ninja "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ ${gcc_flags})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/gcc")
set(libcxx "-stdlib=libc++")
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/cxx" -B "${WORK_DIR}/clang" -G Ninja "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 "-DCMAKE_CXX_FLAGS=${libcxx}"
    "-DCMAKE_EXE_LINKER_FLAGS=${libcxx}" "-DCMAKE_MODULE_LINKER_FLAGS=${libcxx}")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/clang")

# ---- registered with the installed ucom, mixed two ways ----
set(libs_A "libstdc++" "libc++")
set(plugins_A "${WORK_DIR}/gcc/libcrosstool_report.so" "${WORK_DIR}/clang/libcrosstool_scene.so")
set(libs_B "libc++" "libstdc++")
set(plugins_B "${WORK_DIR}/clang/libcrosstool_report.so" "${WORK_DIR}/gcc/libcrosstool_scene.so")
foreach(registry A B)
  run("${prefix}/bin/ucom" register --registry "${WORK_DIR}/${registry}.toml" "${c_dir}/libcrosstool_shapes.so"
      ${plugins_${registry}})
  run("${prefix}/bin/ucom" verify --registry "${WORK_DIR}/${registry}.toml")
  # The hosts built with ucom_target_uses record the report's layout, the same in either mix.
  run("${prefix}/bin/ucom" verify --registry "${WORK_DIR}/${registry}.toml" --host "${WORK_DIR}/gcc/crosstool_host"
      --host "${WORK_DIR}/clang/crosstool_host")
  if(NOT last_output MATCHES "ok   host [^\n]*gcc/crosstool_host\nok   host [^\n]*clang/crosstool_host\n")
    message(FATAL_ERROR "ucom verify --host did not pass both hosts:\n${last_output}")
  endif()
endforeach()

# The libc++ scene's constructor fails when the C plugin is not registered: the exception
# (in libc++) reaches the installed ucom (libstdc++) as an HRESULT with the runtime's message.
run("${prefix}/bin/ucom" register --registry "${WORK_DIR}/no-shapes.toml" "${WORK_DIR}/clang/libcrosstool_scene.so")
execute_process(COMMAND "${prefix}/bin/ucom" query --registry "${WORK_DIR}/no-shapes.toml" Crosstool.Scene
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(code EQUAL 0 OR NOT err MATCHES "its class factory failed to create it: 'Crosstool.C.Shapes' is not registered")
  message(FATAL_ERROR "ucom query of the libc++ scene without the C plugin exited ${code}:\n${out}${err}")
endif()

# ---- every host against both registries ----
set(hosts "C:${c_dir}/c_host" "libstdc++:${WORK_DIR}/gcc/crosstool_host")
if(SANITIZE)
  message("crosstool: not run: the Clang/libc++ host, since it is built without sanitizers and cannot load "
          "this build's libucom (${SANITIZE}: its runtime must be loaded first); the libc++ plugins still run "
          "in the sanitized GCC and C hosts")
else()
  list(APPEND hosts "libc++:${WORK_DIR}/clang/crosstool_host")
endif()
file(READ "${SOURCE_DIR}/expected.txt" expected_template)
foreach(host IN LISTS hosts)
  string(REGEX MATCH "^[^:]+" host_library "${host}")
  string(REGEX REPLACE "^[^:]+:" "" host_program "${host}")
  foreach(registry A B)
    list(GET libs_${registry} 0 report_library)
    list(GET libs_${registry} 1 scene_library)
    string(CONFIGURE "${expected_template}" expected @ONLY)
    run("${host_program}" "${WORK_DIR}/${registry}.toml")
    if(NOT last_output STREQUAL expected)
      file(WRITE "${WORK_DIR}/expected-${registry}.txt" "${expected}")
      file(WRITE "${WORK_DIR}/actual-${registry}.txt" "${last_output}")
      message(FATAL_ERROR "${host_program} with registry ${registry} printed:\n${last_output}\nexpected:\n${expected}"
                          "(diff ${WORK_DIR}/expected-${registry}.txt ${WORK_DIR}/actual-${registry}.txt)")
    endif()
    message("crosstool: ${host_library} host, ${report_library} report, ${scene_library} scene, C shapes: as expected")
  endforeach()
endforeach()
