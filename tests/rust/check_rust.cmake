# The Rust projection as a Rust author meets it, with one cargo (CARGO): the `ucom` crate's
# tests, then the Rust plugin and host of components/hello_rust built out of the source tree
# (cargo --offline: only Debian's packages, no crates from outside), the plugin's own tests,
# the plugin registered, queried and verified with the real `ucom`, activated by the Rust
# host, the C++ hello-host and a C host, and panics in a method and in a constructor reaching
# each as an HRESULT with the message while the hosts survive; shelf.idl's every parameter
# role between a Rust client and C++ and Rust implementations; a Rust build of a changed
# IHello refused; a Rust stage in the C++ pipeline; two Rust plugins sharing a third; a Rust
# host of C, C++ and Rust components; and the Rust benchmark, once.
# -DCARGO=… -DUCOM_IDL=… -DUCOM_LIB_DIR=… -DUCOM=… -DHELLO=… -DHELLO_HOST=… -DHELLO_C_HOST=… -DSHELF=… -DCLASSIC_C=… -DTEXT_SOURCE=…
# -DTOKENIZER=… -DWORD_STATS=… -DWORDSTATS=… -DSAMPLE=… -DSOURCE_DIR=…
# -DWORK_DIR=… [-DSANITIZE=address,undefined]
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(registry "${WORK_DIR}/registry.toml")
set(crate "${SOURCE_DIR}/bindings/rust/ucom")
set(component "${SOURCE_DIR}/components/hello_rust")

# Warnings are errors, as for the C and C++ code.
set(rust_env UCOM_IDL=${UCOM_IDL} UCOM_LIB_DIR=${UCOM_LIB_DIR} LD_LIBRARY_PATH=${UCOM_LIB_DIR} RUST_BACKTRACE=0
    "RUSTFLAGS=-D warnings")
# A cargo runs the rustc first on PATH: this toolchain's own is the one beside it.
get_filename_component(cargo_dir "${CARGO}" DIRECTORY)
if(EXISTS "${cargo_dir}/rustc")
  list(APPEND rust_env RUSTC=${cargo_dir}/rustc RUSTDOC=${cargo_dir}/rustdoc)
endif()
# Rust code carries no sanitizer: a Rust program that maps an instrumented libucom needs the
# sanitizer's runtime loaded first. Cargo and rustc must not get it (they crash), so it goes
# to the programs only: cargo's runner for the tests it runs, ${rust_program} for the others.
set(rust_program "")
if(SANITIZE MATCHES "address")
  execute_process(COMMAND gcc -print-file-name=libasan.so OUTPUT_VARIABLE asan OUTPUT_STRIP_TRAILING_WHITESPACE)
  list(APPEND rust_env "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER=env LD_PRELOAD=${asan}")
  set(rust_program env LD_PRELOAD=${asan})
endif()

function(run what expected_exit expected_output)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${rust_env} ${ARGN}
                  RESULT_VARIABLE exit_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(output "${out}${err}")
  if(NOT exit_code STREQUAL "${expected_exit}")
    message(FATAL_ERROR "${what}: expected exit code ${expected_exit}, got ${exit_code}\n${ARGN}\n${output}")
  endif()
  if(NOT output MATCHES "${expected_output}")
    message(FATAL_ERROR "${what}: output does not match '${expected_output}'\n${ARGN}\n${output}")
  endif()
  message(STATUS "ok: ${what}")
endfunction()

# Cargo writes Cargo.lock beside each manifest; none is committed (each toolchain writes its
# own format), so each run leaves none behind.
function(cargo what manifest)
  run("${what}" 0 "" ${CARGO} ${ARGN} --offline --manifest-path ${manifest}/Cargo.toml
      --target-dir ${WORK_DIR}/target)
  file(REMOVE "${manifest}/Cargo.lock")
endfunction()

execute_process(COMMAND ${CARGO} --version OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${cargo_dir}/rustc --version OUTPUT_VARIABLE rustc_version OUTPUT_STRIP_TRAILING_WHITESPACE)
message(STATUS "cargo: ${CARGO} (${version}, ${rustc_version})")
cargo("cargo test: the ucom crate" ${crate} test)
cargo("cargo test: the generated code of hello.idl and hello_rust.idl" ${component} test)
cargo("cargo build: the Rust plugin and host" ${component} build)
cargo("cargo test: the golden IDL files' Rust compiles, with C's layouts" ${SOURCE_DIR}/tests/rust/golden test)
# Every parameter role: the Rust client against the C++ Ucom.Test.Shelf, and a Rust
# implementation of the same interfaces.
run("register the C++ shelf plugin" 0 "registered" ${UCOM} register --registry ${WORK_DIR}/shelf.toml ${SHELF})
list(APPEND rust_env UCOM_TEST_REGISTRY=${WORK_DIR}/shelf.toml)
cargo("cargo test: shelf.idl's Rust client against the C++ plugin and a Rust implementation"
      ${SOURCE_DIR}/tests/rust/shelf test)
set(plugin "${WORK_DIR}/target/debug/libucom_hello_rust.so")
set(rust_host "${WORK_DIR}/target/debug/hello-rust-host")

run("register the Rust plugin without loading it" 0 "registered .*libucom_hello_rust.so \\(2 classes\\)"
    ${UCOM} register --registry ${registry} ${plugin} ${HELLO})
run("its descriptor shows the class and its fingerprints" 0
    "class RustHello {3F1C8E2A-7B4D-4E59-9A61-2C0B5D8E7F13}\n  progid: +Ucom.Hello.Rust.1\n.*interface +IHello {76D3D2A4-5E54-4B9E-A989-593E0C114D10} fingerprint 0x[0-9A-F]+"
    ${UCOM} show Ucom.Hello.Rust --registry ${registry})
run("query activates it" 0 "Ucom.Hello.Rust: activated; answers to:\n  IUnknown [^\n]*\n  IHello "
    ${UCOM} query Ucom.Hello.Rust --registry ${registry})
run("verify finds the Rust plugin consistent" 0 "ok +[^\n]*libucom_hello_rust.so \\(2 classes"
    ${UCOM} verify --registry ${registry})

run("the Rust host activates a C++ and a Rust component" 0
    "Ucom.Hello: Hello, world!\nUcom.Hello.Rust: Hello from Rust, world!\n"
    ${rust_program} ${rust_host} ${registry} world Ucom.Hello Ucom.Hello.Rust)
run("the C++ host activates the Rust component" 0 "^Hello from Rust, C\\+\\+!\n$"
    ${HELLO_HOST} ${registry} Ucom.Hello.Rust "C++")
run("a panic in a Rust method reaches the Rust host as E_UNEXPECTED with its message" 1
    "Ucom.Hello.Rust: failed: E_UNEXPECTED \\(0x8000FFFF\\)[^\n]*IHello::Greet: panicked: asked to panic by its caller"
    ${rust_program} ${rust_host} ${registry} panic Ucom.Hello.Rust)
run("a panic in a Rust method reaches the C++ host as E_UNEXPECTED with its message" 1
    "hello-host: IHello::Greet: panicked: asked to panic by its caller \\(E_UNEXPECTED"
    ${HELLO_HOST} ${registry} Ucom.Hello.Rust panic)
run("the C host activates the Rust component" 0 "^Hello from Rust, C!\n$"
    ${HELLO_C_HOST} ${registry} Ucom.Hello.Rust C)
run("a panic in a Rust method reaches the C host as E_UNEXPECTED with its message" 1
    "^Greet: E_UNEXPECTED: panicked: asked to panic by its caller\n"
    ${HELLO_C_HOST} ${registry} Ucom.Hello.Rust panic)
run("a panic in a Rust constructor reaches the C host as E_UNEXPECTED with its message" 1
    "^activate: E_UNEXPECTED: [^\n]*libucom_hello_rust.so: its class factory failed to create it: panicked: this class never constructs\n"
    ${HELLO_C_HOST} ${registry} Ucom.Hello.Rust.Broken.1 C)
run("an Err from a Rust method carries its code and message" 1
    "Ucom.Hello.Rust: failed: E_INVALIDARG \\(0x80070057\\): whom should I greet\\? The name is empty"
    ${rust_program} ${rust_host} ${registry} " " Ucom.Hello.Rust)
run("a panic in a Rust constructor fails the activation with its message, in the Rust host" 1
    "Ucom.Hello.Rust.Broken.1: failed: E_UNEXPECTED[^\n]*libucom_hello_rust.so: its class factory failed to create it: panicked: this class never constructs"
    ${rust_program} ${rust_host} ${registry} world Ucom.Hello.Rust.Broken.1)
run("and in the C++ host" 1 "hello-host: [^\n]*libucom_hello_rust.so: its class factory failed to create it: panicked: this class never constructs \\(E_UNEXPECTED"
    ${HELLO_HOST} ${registry} Ucom.Hello.Rust.Broken.1)

# A Rust plugin and host built against an incompatible IHello under the same IID: refused
# by registration beside the real one, by checked activation both ways, and by verify --host.
cargo("cargo build: a Rust plugin and host against a changed IHello" ${SOURCE_DIR}/tests/rust/stale build)
set(stale_plugin "${WORK_DIR}/target/debug/libucom_rust_stale_test.so")
set(stale_host "${WORK_DIR}/target/debug/stale-hello-host")
run("registration refuses the changed IHello beside the real one" 1
    "interface IHello {76D3D2A4-5E54-4B9E-A989-593E0C114D10}: module '[^']*libucom_rust_stale_test.so' declares fingerprint 0x[0-9A-F]+, but module '[^']*libucom_hello.so' registers it with 0x[0-9A-F]+"
    ${UCOM} register --registry ${registry} ${stale_plugin})
run("register the changed plugin alone" 0 "registered" ${UCOM} register --registry ${WORK_DIR}/stale.toml ${stale_plugin})
run("the C++ host refuses the Rust plugin of the changed IHello before loading it" 1
    "hello-host: ucom: interface IHello [^\n]*the caller was built against layout 0x[0-9A-F]+, but class Ucom.Hello.Rust.Stale.1 in module [^\n]*libucom_rust_stale_test.so provides layout 0x[0-9A-F]+[^\n]*UCOM_E_LAYOUT_MISMATCH"
    ${HELLO_HOST} ${WORK_DIR}/stale.toml Ucom.Hello.Rust.Stale.1)
run("the stale Rust host is refused the C++ component" 1
    "stale-hello-host: UCOM_E_LAYOUT_MISMATCH \\(0x80040A02\\) from ucom: interface IHello [^\n]*class Ucom.Hello.1 in module [^\n]*libucom_hello.so provides layout"
    ${rust_program} ${stale_host} ${registry} Ucom.Hello)
run("the stale Rust host and its own plugin agree" 0 "^Hello, stale!Hello, stale!\n$"
    ${rust_program} ${stale_host} ${WORK_DIR}/stale.toml Ucom.Hello.Rust.Stale.1)
run("verify --host reads the Rust host's uses record and finds it stale" 1
    "FAIL host [^\n]*stale-hello-host\n +stale caller of interface IHello [^\n]*built against layout 0x[0-9A-F]+, but module [^\n]*libucom_hello.so"
    ${UCOM} verify --registry ${registry} --host ${stale_host})
run("and the current Rust host consistent" 0 "ok +host [^\n]*hello-rust-host"
    ${UCOM} verify --registry ${registry} --host ${rust_host})

# A Rust stage between C++ stages: Ucom.Pipeline.Tokenizer in Rust activates the C++ text
# source through the runtime's context, and the C++ word statistics activates it by ProgID.
cargo("cargo build: the Rust tokenizer stage" ${SOURCE_DIR}/components/pipeline_rust build)
set(rust_tokenizer "${WORK_DIR}/target/debug/libucom_pipeline_tokenizer_rust.so")
run("register the pipeline with the Rust tokenizer" 0 "registered [^\n]*libucom_pipeline_tokenizer_rust.so \\(1 class\\)"
    ${UCOM} register --registry ${WORK_DIR}/pipeline.toml ${TEXT_SOURCE} ${rust_tokenizer} ${WORD_STATS})
run("register the all-C++ pipeline" 0 "registered" ${UCOM} register --registry ${WORK_DIR}/pipeline_cpp.toml
    ${TEXT_SOURCE} ${TOKENIZER} ${WORD_STATS})
run("the Rust tokenizer activates the C++ text source through its context" 0
    "Ucom.Pipeline.Tokenizer.1 \\(requested by host\\)[^\n]*libucom_pipeline_tokenizer_rust.so[^\n]*\n +Ucom.Pipeline.TextSource.1 \\(requested by Ucom.Pipeline.Tokenizer.1\\)"
    ${UCOM} query Ucom.Pipeline.Tokenizer --trace --registry ${WORK_DIR}/pipeline.toml)
execute_process(COMMAND ${WORDSTATS} --registry ${WORK_DIR}/pipeline_cpp.toml --top 5 ${SAMPLE}
                OUTPUT_VARIABLE cpp_report RESULT_VARIABLE cpp_exit)
if(NOT cpp_exit EQUAL 0 OR NOT cpp_report MATCHES "words: [1-9]")
  message(FATAL_ERROR "the all-C++ pipeline failed (${cpp_exit}): ${cpp_report}")
endif()
string(REPLACE "+" "\\+" cpp_report_pattern "^${cpp_report}$")
run("the C++ word statistics over the Rust tokenizer reports what the all-C++ pipeline does" 0 "${cpp_report_pattern}"
    ${WORDSTATS} --registry ${WORK_DIR}/pipeline.toml --top 5 ${SAMPLE})
run("the C++ text source's failure crosses the Rust stage with its message" 1
    "ucom-wordstats: error: Ucom.Pipeline.TextSource: cannot open '[^']*missing.txt': No such file or directory \\(E_INVALIDARG"
    ${WORDSTATS} --registry ${WORK_DIR}/pipeline.toml --top 5 ${WORK_DIR}/missing.txt)
run("verify finds the mixed pipeline consistent" 0 "ok +[^\n]*libucom_pipeline_tokenizer_rust.so"
    ${UCOM} verify --registry ${WORK_DIR}/pipeline.toml)

# Two Rust plugins that both need a third get it through the runtime: one module, mapped
# once, whose one count both see.
cargo("cargo build: a Rust counter and two Rust plugins that need it" ${SOURCE_DIR}/tests/rust/shared
      build --lib --bins --examples)
run("register the counter and its two users" 0 "libucom_rust_user_b.so \\(1 class\\)" ${UCOM} register
    --registry ${WORK_DIR}/shared.toml ${WORK_DIR}/target/debug/libucom_rust_counter.so
    ${WORK_DIR}/target/debug/examples/libucom_rust_user_a.so ${WORK_DIR}/target/debug/examples/libucom_rust_user_b.so)
run("both users share one counter module, mapped once" 0
    "^user A counted 1\nuser B counted 2\nuser A counted 3\ncounter modules mapped: 1\n$"
    ${rust_program} ${WORK_DIR}/target/debug/shared-host ${WORK_DIR}/shared.toml)

# The Rust benchmark (docs/performance.md, "Rust") builds and runs; its numbers are not
# checked here (these machines are shared and noisy), only that every row is printed.
cargo("cargo build: the Rust benchmark" ${SOURCE_DIR}/bench/rust build --release)
run("the Rust benchmark runs" 0 "projected call[^\n]*x +&dyn Trait call.*IAdder::new_object \\+ call \\+ Release"
    ${rust_program} ${WORK_DIR}/target/release/ucom-rust-bench --quick)

# A Rust host of C, C++ and Rust components from one registry.
cargo("cargo build: the mixed-language Rust host" ${SOURCE_DIR}/tests/rust/mixed build)
run("register the C plugin beside the C++ and Rust ones" 0 "registered [^\n]*libucom_test_classic_c_plugin.so \\(1 class\\)"
    ${UCOM} register --registry ${registry} ${CLASSIC_C})
run("the Rust host activates C, C++ and Rust components and checks their results" 0
    "C\\+\\+ Ucom.Hello: Hello, mixed!\nRust Ucom.Hello.Rust: Hello from Rust, mixed!\nC Test.ClassicC.Greeter: [^\n]*mixed[^\n]*\nC Test.ClassicC.Greeter counted 2\n"
    ${rust_program} ${WORK_DIR}/target/debug/mixed-host ${registry})
