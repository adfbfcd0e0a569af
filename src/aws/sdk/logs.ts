// What a scan sends to this service, named statically: the bundle keeps only these commands' code, where a dynamic import of the package would keep every command's.
export { CloudWatchLogsClient, DescribeMetricFiltersCommand } from '@aws-sdk/client-cloudwatch-logs';
