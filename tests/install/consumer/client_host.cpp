// A C++ host: calls the component through the installed client wrapper, ucom::client<IGreeter>.
#include <cstdio>
#include <utility>

#include "greeter_client.hpp"

extern "C" HRESULT greeter_create(IGreeter **out);

int main()
{
    ucom::com_ptr<IGreeter> created;
    if (FAILED(greeter_create(created.put()))) {
        return 1;
    }
    const ucom::client<IGreeter> greeter(std::move(created));
    std::printf("%s\n", greeter.Greet("client").c_str());
    return 0;
}
