// Must not compile: Find has an [iid_is] parameter, so it has no form in C++ types, and the
// class leaves it out. The glue's static_assert gives the raw form as the only one and says why.
#include "shelf_impl.hpp"
#include "shelf_methods.hpp"

namespace {

class missing : public ucom::implements<missing, IShelf>, public test::shelf_methods_but_find {
};

} // namespace

int main()
{
    auto object = ucom::make<missing>();
    return object ? 0 : 1;
}
