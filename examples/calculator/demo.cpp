// A short tour of the object model, run by the README's main job: an object built with
// implements<>, used through com_ptr and QueryInterface, with its errors and identity.
#include <cstdlib>

#include <fmt/core.h>

#include <ucom/com_ptr.hpp>
#include <ucom/format.hpp>
#include <ucom/guid.hpp>
#include <ucom/task_memory.hpp>

#include "calculator.hpp"

int main()
{
    const ucom::com_ptr<ICalculator2> calc = ucom::make<example::calculator>();
    fmt::print("created a calculator; its default interface is ICalculator2 {}\n",
               ucom::guid(ucom::iid_of<ICalculator2>));

    int32_t result = 0;
    if (FAILED(calc->Multiply(6, 7, &result))) {
        return EXIT_FAILURE;
    }
    fmt::print("ICalculator2::Multiply(6, 7) = {}\n", result);

    // A base interface comes from QueryInterface, never from a cast.
    const auto base = calc.as<ICalculator>();
    if (!base) {
        fmt::print(stderr, "{}\n", base.error());
        return EXIT_FAILURE;
    }
    (*base)->Add(40, 2, &result);
    fmt::print("ICalculator::Add(40, 2) = {}\n", result);

    // A failing call returns an HRESULT; its message travels as per-thread error info.
    const HRESULT hr = (*base)->Divide(1, 0, &result);
    fmt::print("ICalculator::Divide(1, 0) failed: {}\n", ucom::error::from_hresult(hr));

    // Memory handed across the boundary comes from the task allocator; task_string frees it.
    if (const auto describe = calc.as<IDescribe>()) {
        ucom::task_string text;
        if (SUCCEEDED((*describe)->Describe(text.put()))) {
            fmt::print("IDescribe::Describe() = \"{}\"\n", text.view());
        }
        fmt::print("ICalculator2 and IDescribe pointers are one object: {}\n", *describe == calc);
    }

    // Asking for what the object does not implement is an ordinary error.
    const auto missing = calc.as<IClassFactory>();
    fmt::print("QueryInterface(IClassFactory): {}\n", missing ? "found" : missing.error().to_string());

    const ULONG references = calc->AddRef();
    calc->Release();
    fmt::print("AddRef returned {}: the com_ptrs calc and base hold one reference each, AddRef added one\n",
               references);
    return EXIT_SUCCESS;
}
