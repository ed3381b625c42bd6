// Must not compile: &p would let a callee overwrite the held reference.
#include <ucom/com_ptr.hpp>

HRESULT get(IUnknown **out);

HRESULT fill()
{
    ucom::com_ptr<IUnknown> p;
    return get(&p);
}
