// hello-host: the tutorial's host program. Opens a ucom runtime, creates Ucom.Hello by its
// ProgID and calls it through ucom::client<IHello>, the generated wrapper whose methods
// return C++ types and throw ucom::hresult_error with the callee's message.
//   hello-host [REGISTRY [PROGID [NAME]]]   (defaults: the standard registry layers,
//   Ucom.Hello, world); any class that implements IHello will do, in C++, C or Rust.
#include <cstdio>

#include <ucom/runtime.hpp>

#include "hello_client.hpp"

static int fail(const ucom::error &error)
{
    std::fprintf(stderr, "hello-host: %s\n", error.to_string().c_str());
    return 1;
}

int main(int argc, char **argv)
{
    auto rt = argc > 1 ? ucom::runtime::open({argv[1]}) : ucom::runtime::open();
    if (!rt) {
        return fail(rt.error());
    }
    try {
        const char *progid = argc > 2 ? argv[2] : "Ucom.Hello";
        const char *name = argc > 3 ? argv[3] : "world";
        auto hello = ucom::client<IHello>(rt->create_instance<IHello>(progid));
        std::printf("%s\n", hello.Greet(name).c_str());
    } catch (const ucom::hresult_error &e) {
        return fail(e.error());
    }
    return 0;
}
