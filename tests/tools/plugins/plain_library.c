/* A shared library that is no ucom plugin: it has no module descriptor. */
int plain_library_answer(void);
int plain_library_answer(void)
{
    return 42;
}
