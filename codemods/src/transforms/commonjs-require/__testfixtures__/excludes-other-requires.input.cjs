const manager = require('./task-manager');
const { EventEmitter } = require('events');
const note = 'require("../websocket-core/websocket-manager-factory") is deprecated';

module.exports = { manager, EventEmitter, note };
