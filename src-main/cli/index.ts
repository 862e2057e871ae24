console.log('eventbench cli');
