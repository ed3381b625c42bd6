// A component built against the installed headers: implements<> over generated glue.
#include <string>

#include <ucom/class_factory.hpp>
#include <ucom/implements.hpp>
#include <ucom/ucom.h>

#include "greeter_impl.hpp"

namespace {

class greeter : public ucom::implements<greeter, IGreeter> {
public:
    HRESULT Greet(const char *name, char **greeting)
    {
        *greeting = ucom_strdup(("Hello, " + std::string(name) + "!").c_str());
        return *greeting != nullptr ? S_OK : E_OUTOFMEMORY;
    }
};

} // namespace

extern "C" __attribute__((visibility("default"))) HRESULT greeter_create(IGreeter **out)
{
    if (out == nullptr) {
        return E_POINTER;
    }
    ucom::make<greeter>().copy_to(out);
    return S_OK;
}
