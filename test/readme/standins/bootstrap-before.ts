// Before the README's hand-ordered bootstrap(): the three services it starts, each recording its step, so that the
// epilogue can check the order the hand-written code encodes (config, database, web server).
import { Container, injectable } from 'inversify';

const steps: string[] = [];

@injectable()
class Config {
  databaseUrl = '';
  port = 0;
  async load(): Promise<void> {
    this.databaseUrl = 'postgres://db.internal/app';
    this.port = 8080;
    steps.push('config.load');
  }
}

@injectable()
class Database {
  async connect(url: string): Promise<void> {
    steps.push(`db.connect ${url}`);
  }
  async disconnect(): Promise<void> {
    steps.push('db.disconnect');
  }
}

@injectable()
class WebServer {
  async listen(port: number): Promise<void> {
    steps.push(`web.listen ${port}`);
  }
  async close(): Promise<void> {
    steps.push('web.close');
  }
}
