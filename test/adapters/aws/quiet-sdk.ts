// The SDK warns once per process that Node 20 support ends in 2027; test output stays readable without it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
