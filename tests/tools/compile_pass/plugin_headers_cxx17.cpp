// Must compile as C++17 without warnings: every header a C++ plugin includes.
#include <ucom/abi.h>
#include <ucom/class_factory.hpp>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/guid.hpp>
#include <ucom/implements.hpp>
#include <ucom/ucom.h>

#include "calculator.hpp"

HRESULT plugin_entry(REFIID riid, void **ppv);
HRESULT plugin_entry(REFIID riid, void **ppv)
{
    constexpr ucom::guid clsid = ucom::make_guid("47E33DF5-BF12-4469-836C-2EAC6F517450");
    static_assert(!clsid.is_nil());
    const auto factory = ucom::make<ucom::class_factory<example::calculator>>();
    return factory->QueryInterface(riid, ppv);
}
