// The smallest C++ component: Ucom.Hello, the class of hello.idl (docs/tutorial.md). Its
// method is written in C++ types; the generated glue passes the name as a std::string_view
// (never null) and copies the returned string into task memory for the caller.
#include <string>
#include <string_view>

#include <ucom/module.hpp>

#include "hello_impl.hpp"

namespace {

class hello : public ucom::implements<hello, IHello> {
public:
    std::string Greet(std::string_view name) { return "Hello, " + std::string(name) + "!"; }
};

} // namespace

UCOM_DEFINE_MODULE(ucom::exported_class<hello>(CLSID_Hello))
