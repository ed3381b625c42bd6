// The parser's private class, shared by its three source files: parser.cpp (declarations and
// their containers), parse_type.cpp (types, declarators, struct/union/enum, fields, methods)
// and parse_expression.cpp (attributes and constant expressions).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser.hpp"

namespace ucom::idl::detail {

// Deep enough for any real IDL, shallow enough that parsing, cloning and destroying a tree
// (all recursive) cannot exhaust the stack on hostile input.
inline constexpr int max_nesting = 64;

// Copies for the places where one parsed piece is shared by several declarations
// (`typedef [public] long A, *PA;` gives A and PA the same attributes and base type).
expr_ptr clone(const expr &e);
type_ptr clone(const type &t);
attribute clone(const attribute &a);
attribute_list clone(const attribute_list &attrs);

// The result of a declarator: the full type and the name (empty when abstract or unnamed).
struct declarator {
    type_ptr type;
    std::string name;
    source_location name_location;
};

enum class name_rule : std::uint8_t { required, optional };

class parser {
public:
    parser(const std::vector<token> &tokens, file_id file, const source_manager &sources, diagnostics &diags);
    idl_file run();

private:
    // Counts one level of recursion for as long as it lives; reports when that is too deep.
    class nesting {
    public:
        nesting(parser &p, source_location at);
        ~nesting() { --depth_; }
        nesting(const nesting &) = delete;
        nesting &operator=(const nesting &) = delete;
        [[nodiscard]] bool ok() const { return ok_; }

    private:
        int &depth_;
        bool ok_;
    };

    // Makes `list` the scope that in-place struct/union/enum definitions are hoisted into.
    class scope_guard {
    public:
        scope_guard(parser &p, std::vector<decl_ptr> &list) : p_(p), saved_(p.scope_) { p.scope_ = &list; }
        ~scope_guard() { p_.scope_ = saved_; }
        scope_guard(const scope_guard &) = delete;
        scope_guard &operator=(const scope_guard &) = delete;

    private:
        parser &p_;
        std::vector<decl_ptr> *saved_;
    };

    enum class dispinterface_section : std::uint8_t { none, properties, methods };

    // ---- token cursor (parser.cpp) ----
    [[nodiscard]] const token &peek(std::size_t ahead = 0) const;
    const token &advance();
    [[nodiscard]] bool at_end() const { return peek().kind == token_kind::end_of_file; }
    [[nodiscard]] bool at_punct(std::string_view p, std::size_t ahead = 0) const { return peek(ahead).is_punct(p); }
    [[nodiscard]] bool at_word(std::string_view w, std::size_t ahead = 0) const { return peek(ahead).is_identifier(w); }
    bool accept_punct(std::string_view p);
    bool accept_word(std::string_view w);
    bool expect(std::string_view p);
    bool expect_after(std::string_view p, std::string_view what);
    bool expect_closing(std::string_view p, std::string_view what);
    const token *expect_identifier();
    std::string read_strings();
    std::optional<std::string> expect_string();
    void report_unexpected(std::string_view where);
    [[nodiscard]] static std::string describe(const token &t);

    // ---- error recovery (parser.cpp) ----
    void skip_statement(bool stop_at_comma);
    void recover(std::size_t start, bool stop_at_comma = false);
    void too_deep(source_location at);

    // ---- declarations that hold others (parser.cpp) ----
    void add_decl(decl_ptr d);
    std::string invent_name();
    void parse_decl_list(bool braced, std::string_view where);
    bool parse_decl_list_item(std::string_view where);
    bool parse_attributed_decl(attribute_list attrs, std::string_view where);
    bool parse_import();
    bool parse_importlib();
    bool parse_cpp_quote();
    bool parse_midl_pragma();
    bool parse_interface(attribute_list attrs);
    void parse_interface_body(std::vector<decl_ptr> &members, std::vector<method> &methods);
    bool parse_interface_member(std::vector<method> &methods);
    [[nodiscard]] bool at_const_method() const;
    [[nodiscard]] bool at_container_declaration() const;
    bool closed_before_next_declaration(std::string_view body);
    bool parse_dispinterface(attribute_list attrs);
    bool parse_dispinterface_member(dispinterface_decl &d, dispinterface_section &section);
    bool parse_coclass(attribute_list attrs);
    bool parse_coclass_entry(coclass_decl &c);
    bool parse_library(attribute_list attrs);
    bool parse_module(attribute_list attrs);

    // ---- types and the declarations built from them (parse_type.cpp) ----
    [[nodiscard]] static bool is_builtin_start(const token &t);
    [[nodiscard]] bool at_type_start(std::size_t ahead = 0) const;
    [[nodiscard]] bool at_tagged_definition() const;
    type_ptr parse_type();
    type_ptr parse_type_specifier();
    type_ptr parse_safearray();
    type_ptr parse_builtin_type();
    void parse_integer_type(const token &word, type &t);
    type_ptr parse_tagged_specifier();
    bool parse_tagged_body(decl &d);
    type_ptr parse_pointers(type_ptr t);
    type_ptr parse_array_suffixes(type_ptr element);
    std::optional<declarator> parse_declarator(type_ptr base, name_rule rule);
    bool ensure_no_function_pointer();
    std::optional<declarator> parse_function_pointer(type_ptr result, name_rule rule);
    type_ptr parse_type_name();
    bool parse_typedef(attribute_list attrs);
    bool parse_const(attribute_list attrs);
    bool parse_extern(attribute_list attrs);
    bool parse_function_decl(attribute_list attrs);
    template <class Decl>
    bool parse_declarators(const type &base, const attribute_list &attrs, std::string_view what);
    bool parse_tagged_decl(attribute_list attrs);
    bool parse_struct_body(struct_decl &s);
    bool parse_fields(std::vector<field> &out, attribute_list attrs, std::string_view what, bool many);
    bool parse_union_switch(union_decl &u);
    bool parse_union_body(union_decl &u);
    bool parse_union_arm(union_decl &u);
    bool parse_encapsulated_arm(union_decl &u);
    bool parse_arm_member(union_decl::arm &arm, attribute_list attrs);
    bool parse_enum_body(enum_decl &e);
    bool parse_enumerator(enum_decl &e);
    bool parse_method(attribute_list attrs, method &m);
    bool parse_params(method &m);
    bool parse_param(method &m);

    // ---- attributes and expressions (parse_expression.cpp) ----
    std::optional<attribute_list> parse_attributes();
    bool parse_attribute(attribute_list &out);
    bool parse_attribute_args(attribute &a);
    expr_ptr parse_expression();
    expr_ptr parse_conditional();
    expr_ptr parse_binary(int min_precedence);
    expr_ptr parse_cast();
    [[nodiscard]] bool at_cast() const;
    expr_ptr parse_unary();
    expr_ptr parse_primary();
    expr_ptr parse_integer(const token &t);

    [[nodiscard]] source_location after_previous() const;

    const std::vector<token> &tokens_;
    std::size_t pos_ = 0;
    file_id file_;
    diagnostics &diags_;
    token end_; // returned by peek() past the end, should the caller's tokens lack one
    int depth_ = 0;
    std::vector<decl_ptr> *scope_ = nullptr;
    std::string anonymous_stem_;
    int anonymous_count_ = 0;
};

} // namespace ucom::idl::detail
