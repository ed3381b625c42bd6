// The smallest C++ component: Ucom.Hello, the class of hello.idl (docs/tutorial.md).
#include <string>

#include <ucom/module.hpp>
#include <ucom/task_memory.hpp>

#include "hello_impl.hpp"

namespace {

class hello : public ucom::implements<hello, IHello> {
public:
    HRESULT Greet(const char *name, char **greeting)
    {
        if (name == nullptr || greeting == nullptr) {
            return E_POINTER;
        }
        *greeting = ucom::task_strdup("Hello, " + std::string(name) + "!");
        return S_OK;
    }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<hello>(CLSID_Hello))
