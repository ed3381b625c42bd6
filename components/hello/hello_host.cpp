// hello-host: the tutorial's host program. Opens a ucom runtime, creates Ucom.Hello by its
// ProgID and calls it.   hello-host [REGISTRY]   (default: the standard registry layers)
#include <cstdio>

#include <ucom/runtime.hpp>
#include <ucom/task_memory.hpp>

#include "hello.h"

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
    auto hello = rt->create_instance<IHello>("Ucom.Hello"); // a result<com_ptr<IHello>>
    if (!hello) {
        return fail(hello.error());
    }
    ucom::task_string greeting; // strings handed across are the task allocator's: it frees this one
    if (const HRESULT hr = (*hello)->Greet("world", greeting.put()); FAILED(hr)) {
        return fail(ucom::error::from_hresult(hr));
    }
    std::printf("%s\n", greeting.c_str());
    return 0;
}
