// Must not compile: a raw pointer does not say whether its reference is handed over.
#include <ucom/com_ptr.hpp>

void adopt(IUnknown *raw)
{
    ucom::com_ptr<IUnknown> p(raw);
}
