// Hand-written in the shape ucom-idl will generate from calculator.idl: the implementation
// glue (static vtables of noexcept thunks) that ucom::implements<> uses. C++17.
#pragma once

#include <ucom/implements.hpp>

#include "calculator.h"

template <class Derived>
struct ucom::glue<ICalculator, Derived> {
    // HRESULT Add([in] long a, [in] long b, [out, retval] long *sum);
    template <class Self>
    static HRESULT Add(Self *This, int32_t a, int32_t b, int32_t *sum) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.Add(a, b, sum); });
    }
    // HRESULT Divide([in] long dividend, [in] long divisor, [out, retval] long *quotient);
    template <class Self>
    static HRESULT Divide(Self *This, int32_t dividend, int32_t divisor, int32_t *quotient) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.Divide(dividend, divisor, quotient); });
    }

    using unknown = glue<IUnknown, Derived>;
    static constexpr ICalculatorVtbl vtbl = {
        &unknown::template QueryInterface<ICalculator>,
        &unknown::template AddRef<ICalculator>,
        &unknown::template Release<ICalculator>,
        &Add<ICalculator>,
        &Divide<ICalculator>,
    };
};

template <class Derived>
struct ucom::glue<ICalculator2, Derived> {
    // HRESULT Multiply([in] long a, [in] long b, [out, retval] long *product);
    template <class Self>
    static HRESULT Multiply(Self *This, int32_t a, int32_t b, int32_t *product) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.Multiply(a, b, product); });
    }

    using unknown = glue<IUnknown, Derived>;
    using calculator = glue<ICalculator, Derived>;
    static constexpr ICalculator2Vtbl vtbl = {
        &unknown::template QueryInterface<ICalculator2>, &unknown::template AddRef<ICalculator2>,
        &unknown::template Release<ICalculator2>,        &calculator::template Add<ICalculator2>,
        &calculator::template Divide<ICalculator2>,      &Multiply<ICalculator2>,
    };
};

template <class Derived>
struct ucom::glue<IDescribe, Derived> {
    // HRESULT Describe([out, retval, string] char **text);
    template <class Self>
    static HRESULT Describe(Self *This, char **text) noexcept
    {
        if (text != nullptr) {
            *text = nullptr;
        }
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.Describe(text); });
    }

    using unknown = glue<IUnknown, Derived>;
    static constexpr IDescribeVtbl vtbl = {
        &unknown::template QueryInterface<IDescribe>,
        &unknown::template AddRef<IDescribe>,
        &unknown::template Release<IDescribe>,
        &Describe<IDescribe>,
    };
};
