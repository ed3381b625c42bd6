# Runs ucom-idl on a hostile input made at run time (too large or too odd to commit), given as
# the main file, by #include or by import, and checks that it fails at once with the expected
# message: a hang, an unbounded read or a slow pass fails the test at its timeout instead of
# stalling ctest. KIND: fifo, too_large (a sparse file one byte over the 16 MiB limit),
# struct_cycle (20,000 structs, each holding the next by value, the last the first), or the
# path of a device such as /dev/zero.
# -D COMPILER=… -D WORK_DIR=<scratch folder> -D KIND=… -D HOW=main|include|import
# -D EXPECTED=<regular expression the combined output must match>
# -D RUN_AND_CHECK=<tests/tools/run_and_check.cmake, which runs the compiler and checks it>
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(KIND STREQUAL "fifo")
  set(target "target.idl")
  execute_process(COMMAND mkfifo "${WORK_DIR}/${target}" RESULT_VARIABLE made)
elseif(KIND STREQUAL "too_large")
  set(target "target.idl")
  # One byte over the 16 MiB limit, sparse: nothing is written.
  execute_process(COMMAND truncate -s 16777217 "${WORK_DIR}/${target}" RESULT_VARIABLE made)
elseif(KIND STREQUAL "struct_cycle")
  set(target "target.idl")
  set(text "")
  foreach(i RANGE 19998)
    math(EXPR next "${i} + 1")
    string(APPEND text "struct s${i} { struct s${next} next; };\n")
    if(next MATCHES "000$") # written in pieces: appending to one long string is quadratic
      file(APPEND "${WORK_DIR}/${target}" "${text}")
      set(text "")
    endif()
  endforeach()
  file(APPEND "${WORK_DIR}/${target}" "${text}struct s19999 { struct s0 first; };\n")
  set(made 0)
else()
  set(target "${KIND}")
  set(made 0)
endif()
if(NOT made EQUAL 0)
  message(FATAL_ERROR "could not make the ${KIND} input")
endif()

if(HOW STREQUAL "include")
  file(WRITE "${WORK_DIR}/main.idl" "#include \"${target}\"\n")
  set(input "${WORK_DIR}/main.idl")
elseif(HOW STREQUAL "import")
  file(WRITE "${WORK_DIR}/main.idl" "import \"${target}\";\n")
  set(input "${WORK_DIR}/main.idl")
elseif(IS_ABSOLUTE "${target}")
  set(input "${target}")
else()
  set(input "${WORK_DIR}/${target}")
endif()

# timeout(1) bounds the run: a hang exits with 124, not the 1 expected. 20 s leaves a slow
# sanitizer build room (the struct cycle takes 3 s there) and fails the old quadratic check (31 s).
set(COMMAND timeout 20 "${COMPILER}" -o "${WORK_DIR}/out" "${input}")
set(EXPECTED_EXIT 1)
set(EXPECTED_OUTPUT "${EXPECTED}")
include("${RUN_AND_CHECK}")
file(REMOVE_RECURSE "${WORK_DIR}")
