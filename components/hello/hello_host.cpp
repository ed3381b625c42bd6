// hello-host: the tutorial's host program. Opens a ucom runtime, creates Ucom.Hello by its
// ProgID and calls it through ucom::client<IHello>, the generated wrapper whose methods
// return C++ types and throw ucom::hresult_error with the callee's message.
//   hello-host [REGISTRY]   (default: the standard registry layers)
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
        auto hello = ucom::client<IHello>(rt->create_instance<IHello>("Ucom.Hello"));
        std::printf("%s\n", hello.Greet("world").c_str());
    } catch (const ucom::hresult_error &e) {
        return fail(e.error());
    }
    return 0;
}
