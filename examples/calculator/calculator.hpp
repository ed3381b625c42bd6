// A calculator component written the way a C++ plugin author writes one: plain methods on
// a class that derives from ucom::implements<>, no vtables or macros by hand.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include <ucom/error.hpp>
#include <ucom/implements.hpp>
#include <ucom/task_memory.hpp>

#include "calculator_impl.hpp"

namespace example {

class calculator : public ucom::implements<calculator, ICalculator2, IDescribe> {
public:
    HRESULT Add(int32_t a, int32_t b, int32_t *sum) { return store(std::int64_t{a} + b, sum, "sum"); }

    HRESULT Divide(int32_t dividend, int32_t divisor, int32_t *quotient)
    {
        if (divisor == 0) {
            throw ucom::hresult_error(E_INVALIDARG, "division by zero", "Example.Calculator");
        }
        return store(std::int64_t{dividend} / divisor, quotient, "quotient");
    }

    HRESULT Multiply(int32_t a, int32_t b, int32_t *product) { return store(std::int64_t{a} * b, product, "product"); }

    HRESULT Describe(char **text)
    {
        if (text == nullptr) {
            return E_POINTER;
        }
        *text = ucom::task_strdup("a calculator of 32-bit integers (ICalculator2, IDescribe)");
        return S_OK;
    }

private:
    static HRESULT store(std::int64_t value, int32_t *out, const char *what)
    {
        if (out == nullptr) {
            return E_POINTER;
        }
        if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
            throw ucom::hresult_error(E_INVALIDARG, std::string("the ") + what + " does not fit in 32 bits",
                                      "Example.Calculator");
        }
        *out = static_cast<int32_t>(value);
        return S_OK;
    }
};

} // namespace example
