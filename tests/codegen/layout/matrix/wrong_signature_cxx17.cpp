// Must not compile: Greet takes a std::string where the raw form takes const char * and the
// form in C++ types std::string_view. The glue's static_assert names the method and both forms.
#include <string>

#include "shelf_impl.hpp"
#include "shelf_methods.hpp"

namespace {

class wrong : public ucom::implements<wrong, IShelf>, public test::shelf_methods_but_greet {
public:
    std::string Greet(std::string &name) { return name; }
};

} // namespace

int main()
{
    auto object = ucom::make<wrong>();
    return object ? 0 : 1;
}
