import { contextBridge } from 'electron';
contextBridge.exposeInMainWorld('eventbench', {});
