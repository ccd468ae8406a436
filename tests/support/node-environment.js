// Jest runs each test file in its own VM realm, so errors raised by Node itself (a refused socket
// in pg, for one) are not `instanceof Error` there, and Hono's error handler — which checks
// exactly that — would let them escape. Sharing the outer realm's Error makes the tests see what
// production sees.
const { TestEnvironment } = require('jest-environment-node')

class SingleRealmErrorEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    this.global.Error = Error
  }
}

module.exports = SingleRealmErrorEnvironment
