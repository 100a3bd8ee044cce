import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MonitorStack } from './monitor-stack.ts';

const app = new App();
new MonitorStack(app, 'eu-project-monitor');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
