// Brings cdktf's jest matcher types (toHaveResource, toHaveResourceWithProperties, ...) into every test;
// setup.js registers the matchers themselves.
import 'cdktf/lib/testing/adapters/jest';
