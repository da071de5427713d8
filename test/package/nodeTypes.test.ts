// readygraph's typings declare their own stand-ins for the few Node.js types they use, so that a consumer needs no
// `@types/node`. These checks (made by tsc with `@types/node`) keep the stand-ins in step with Node's own types.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import type { ProbeHandler, ProbeRequest, ProbeResponse, SignalName, StopOnSignalsOptions } from 'readygraph';

describe("the typings' stand-ins for Node.js types", () => {
  it('SignalName is exactly NodeJS.Signals, and stopOnSignals takes any of them', () => {
    expectTypeOf<SignalName>().toEqualTypeOf<NodeJS.Signals>();
    expectTypeOf<NonNullable<StopOnSignalsOptions['signals']>>().toEqualTypeOf<readonly SignalName[]>();
  });

  it('a probe handler is a node:http request listener, and takes what node:http hands it', () => {
    expectTypeOf<IncomingMessage>().toExtend<ProbeRequest>();
    expectTypeOf<ServerResponse>().toExtend<ProbeResponse>();
    expectTypeOf<ProbeHandler>().toExtend<RequestListener>();
    expectTypeOf<ProbeHandler['handle']>().toBeCallableWith({} as IncomingMessage, {} as ServerResponse);
  });
});
