/* A library without search folders of its own that needs host_rpath/library.c's library:
   ld.so finds that one only through the RPATH of the program that dlopens this one. */
int ucom_test_host_rpath_value(void);
__attribute__((visibility("default"))) int ucom_test_host_rpath_user(void);

int ucom_test_host_rpath_user(void) { return ucom_test_host_rpath_value() + 1; }
