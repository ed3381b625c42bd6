// Compiled with -fsyntax-only as C++17 by every C++ compiler and standard library of the
// layout matrix: deep_chain.h and deep_chain_impl.hpp with an implementation of the whole
// chain, so that every thunk template of the glue is instantiated and checked.
#include <cstdint>
#include <type_traits>

#include <ucom/com_ptr.hpp>
#include <ucom/implements.hpp>

#include "deep_chain.h"
#include "deep_chain_impl.hpp"

namespace {

struct impl : ucom::implements<impl, IDeep5, IDeepSink> {
    HRESULT Notify(int32_t) { return S_OK; }
    HRESULT Ping(int32_t) { return S_OK; }
    HRESULT Scale(int64_t a, double factor, double *result)
    {
        *result = static_cast<double>(a) * factor;
        return S_OK;
    }
    HRESULT SetFlag(uint8_t, uint16_t) { return S_OK; }
    HRESULT get_Count(int32_t *count)
    {
        *count = count_;
        return S_OK;
    }
    HRESULT put_Count(int32_t count)
    {
        count_ = count;
        return S_OK;
    }
    HRESULT Move(deep_point by, deep_point *where)
    {
        where->x += by.x;
        where->y += by.y;
        return S_OK;
    }
    HRESULT Fill(uint32_t, uint8_t *) { return S_OK; }
    HRESULT Mix(deep_mixed value, deep_mixed *copy)
    {
        *copy = value;
        return S_OK;
    }
    HRESULT Attach(IDeepSink *, IUnknown **) { return S_OK; }
    HRESULT Name(char **) { return E_NOTIMPL; }
    HRESULT Nest(deep_nested value, int16_t *tag_sum)
    {
        *tag_sum = value.tag;
        return S_OK;
    }
    HRESULT Convert(uint16_t a, uint64_t b, float, uint32_t *d)
    {
        *d = static_cast<uint32_t>(a + b);
        return S_OK;
    }
    HRESULT get_Title(char **) { return E_NOTIMPL; }
    HRESULT put_Title(const char *) { return S_OK; }
    HRESULT Widen(const uint16_t *text, int8_t, uint16_t *first)
    {
        *first = text[0];
        return S_OK;
    }
    HRESULT Reset() { return S_OK; }
    HRESULT Lookup(const deep_nested *, IDeep0 **) { return E_NOTIMPL; }

private:
    int32_t count_ = 0;
};

// The vtables are constant expressions: reading their slots here instantiates every thunk,
// and each slot must hold the thunk of its method.
using deep5_glue = ucom::glue<IDeep5, impl>;
static_assert(deep5_glue::vtbl.QueryInterface == &ucom::glue<IUnknown, impl>::QueryInterface<IDeep5>);
static_assert(deep5_glue::vtbl.Ping == &ucom::glue<IDeep0, impl>::Ping<IDeep5>);
static_assert(deep5_glue::vtbl.put_Count == &ucom::glue<IDeep1, impl>::put_Count<IDeep5>);
static_assert(deep5_glue::vtbl.Mix == &ucom::glue<IDeep2, impl>::Mix<IDeep5>);
static_assert(deep5_glue::vtbl.Name == &ucom::glue<IDeep3, impl>::Name<IDeep5>);
static_assert(deep5_glue::vtbl.put_Title == &ucom::glue<IDeep4, impl>::put_Title<IDeep5>);
static_assert(deep5_glue::vtbl.Lookup == &deep5_glue::Lookup<IDeep5>);
static_assert(ucom::glue<IDeepSink, impl>::vtbl.Notify == &ucom::glue<IDeepSink, impl>::Notify<IDeepSink>);
static_assert(ucom::interface_traits<IDeep5>::iid.Data1 == 0x5D1E0C3Bu);
static_assert(std::is_same_v<ucom::interface_traits<IDeep5>::base, IDeep4>);

} // namespace

HRESULT deep_chain_cxx_client();
HRESULT deep_chain_cxx_client()
{
    const ucom::com_ptr<IDeep5> deep = ucom::make<impl>();
    double scaled = 0.0;
    deep_point where{};
    HRESULT hr = deep->Scale(3, 0.5, &scaled);
    hr |= deep->Move(deep_point{1, 2}, &where);
    const auto base = deep.as<IDeep2>();
    return base ? hr : E_NOINTERFACE;
}
