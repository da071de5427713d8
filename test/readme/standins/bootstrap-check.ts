// After the README's hand-ordered bootstrap(): run it on a container of the three services and check the order.
const bootstrapped = new Container({ defaultScope: 'Singleton' });
bootstrapped.bind(Config).toSelf();
bootstrapped.bind(Database).toSelf();
bootstrapped.bind(WebServer).toSelf();
await bootstrap(bootstrapped);
const expected = ['config.load', 'db.connect postgres://db.internal/app', 'web.listen 8080'];
if (JSON.stringify(steps) !== JSON.stringify(expected)) throw new Error(`bootstrap() ran ${steps.join(', ')}, not ${expected.join(', ')}`);
process.removeAllListeners('SIGTERM');
