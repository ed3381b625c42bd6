// Compiled with -fsyntax-only as C++17 by every C++ compiler and standard library of the
// layout matrix: examples/calculator's generated headers with an implementation whose glue
// is instantiated (the raw form for ICalculator2, the form in C++ types for IDescribe), and
// calls through the client wrappers.
#include <cstdint>
#include <string>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>

#include "calculator.h"
#include "calculator_client.hpp"
#include "calculator_impl.hpp"

namespace {

struct impl : ucom::implements<impl, ICalculator2> {
    HRESULT Add(int32_t a, int32_t b, int32_t *sum)
    {
        *sum = a + b;
        return S_OK;
    }
    HRESULT Divide(int32_t a, int32_t b, int32_t *quotient)
    {
        *quotient = a / b;
        return S_OK;
    }
    HRESULT Multiply(int32_t a, int32_t b, int32_t *product)
    {
        *product = a * b;
        return S_OK;
    }
};

struct described : ucom::implements<described, IDescribe> {
    std::string Describe() { return "described"; }
};

using calculator_glue = ucom::glue<ICalculator2, impl>;
static_assert(calculator_glue::vtbl.Add == &ucom::glue<ICalculator, impl>::Add<ICalculator2>);
static_assert(calculator_glue::vtbl.Multiply == &calculator_glue::Multiply<ICalculator2>);
static_assert(ucom::glue<IDescribe, described>::vtbl.Describe ==
              &ucom::glue<IDescribe, described>::Describe<IDescribe>);

} // namespace

HRESULT calculator_cxx_client();
HRESULT calculator_cxx_client()
{
    const ucom::com_ptr<ICalculator2> calculator = ucom::make<impl>();
    int32_t product = 0;
    const ucom::client<ICalculator2> client(calculator);
    const ucom::client<IDescribe> description(ucom::make<described>());
    const auto tried = client.try_Divide(1, 0);
    return client.Add(1, 2) + client.Multiply(6, 7) + (tried ? *tried : 0) +
           static_cast<HRESULT>(description.Describe().size()) + calculator->Multiply(6, 7, &product);
}
