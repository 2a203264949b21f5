// On Node.js 20 (below the supported lines) the SDK warns once per process that it will need Node.js 22
// from 2027; test output stays readable without it. sdk-node-version.test.ts checks where it warns.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
