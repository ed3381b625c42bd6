// A component built against the installed headers: implements<> over generated glue. Built
// twice: into a library the C host links (greeter_create), and as a plugin
// (GREETER_PLUGIN: ucom_add_plugin) that the installed ucom tool registers and activates.
#include <string>

#include <ucom/class_factory.hpp>
#include <ucom/implements.hpp>
#include <ucom/module.hpp>
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

#ifdef GREETER_PLUGIN
UCOM_DEFINE_MODULE(ucom::exported_class<greeter>(CLSID_Greeter))
#endif
