// Compiled with -fsyntax-only as C++17 by every C++ compiler and standard library of the
// layout matrix: examples/calculator's generated headers with an implementation whose glue
// is instantiated.
#include <cstdint>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>

#include "calculator.h"
#include "calculator_impl.hpp"

namespace {

struct impl : ucom::implements<impl, ICalculator2, IDescribe> {
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
    HRESULT Describe(char **) { return E_NOTIMPL; }
};

using calculator_glue = ucom::glue<ICalculator2, impl>;
static_assert(calculator_glue::vtbl.Add == &ucom::glue<ICalculator, impl>::Add<ICalculator2>);
static_assert(calculator_glue::vtbl.Multiply == &calculator_glue::Multiply<ICalculator2>);
static_assert(ucom::glue<IDescribe, impl>::vtbl.Describe == &ucom::glue<IDescribe, impl>::Describe<IDescribe>);

} // namespace

HRESULT calculator_cxx_client();
HRESULT calculator_cxx_client()
{
    const ucom::com_ptr<ICalculator2> calculator = ucom::make<impl>();
    int32_t product = 0;
    return calculator->Multiply(6, 7, &product);
}
